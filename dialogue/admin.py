from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import Chapter, Consultation, Feedback, Interview, Page, Resource, Section, Topic
from .search import search_index_consultation
from .services import publish_check

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ReindexMixin:
    """Keep the site search in step with what staff edit."""

    def _consultation_of(self, obj):
        return obj if isinstance(obj, Consultation) else getattr(obj, "consultation", None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        consultation = self._consultation_of(form.instance)
        if consultation is not None:
            search_index_consultation(consultation)

    def delete_model(self, request, obj):
        consultation = self._consultation_of(obj)
        super().delete_model(request, obj)
        if consultation is not None and not isinstance(obj, Consultation):
            search_index_consultation(consultation)


@admin.register(Consultation)
class ConsultationAdmin(ReindexMixin, TranslationAdmin):
    list_display = ["title", "state", "opens_at", "closes_at", "moderation_mode", "is_current"]
    list_filter = ["state", "is_current"]

    def get_urls(self):
        return [
            path(
                "translation-status/",
                self.admin_site.admin_view(self.translation_status_view),
                name="dialogue_translation_status",
            ),
            *super().get_urls(),
        ]

    def translation_status_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translation status"),
            "rows": translation_gaps(),
        }
        return TemplateResponse(request, "admin/dialogue/translation_status.html", context)


def _change_url(obj: Model) -> str:
    """The admin page that edits `obj` (a section is edited on its chapter's page)."""
    target = obj.chapter if isinstance(obj, Section) else obj
    meta = target._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])


def translation_gaps() -> list[dict[str, Any]]:
    """Every record with a translated field empty in one language but not the other."""
    from .translation import TRANSLATED

    rows = []
    for model, fields in TRANSLATED:
        gap = Q()
        for field in fields:
            for code in LANGUAGE_CODES:
                others = [c for c in LANGUAGE_CODES if c != code]
                filled_elsewhere = Q()
                for other in others:
                    filled_elsewhere |= ~Q(**{f"{field}_{other}": ""})
                gap |= Q(**{f"{field}_{code}": ""}) & filled_elsewhere
        for obj in model._default_manager.filter(gap):
            missing = sorted(
                {
                    code
                    for field in fields
                    for code in LANGUAGE_CODES
                    if not getattr(obj, f"{field}_{code}")
                    and any(getattr(obj, f"{field}_{o}") for o in LANGUAGE_CODES if o != code)
                }
            )
            rows.append(
                {
                    "model": model._meta.verbose_name,
                    "object": obj,
                    "missing": missing,
                    "url": _change_url(obj),
                }
            )
    return rows


class PublishCheckForm(forms.ModelForm):
    """Runs the portal's one publication rule (`dialogue.services.publish_check`) on
    the record as it is about to be saved."""

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # a private ModelForm hook the stubs leave out
        try:
            publish_check(self.instance)
        except ValidationError as error:
            self.add_error(None, error)


class SectionInlineFormSet(BaseInlineFormSet):
    """On the chapter page the rule sees the sections as submitted, not as saved."""

    def clean(self) -> None:
        super().clean()
        sections = [
            form.instance
            for form in self.forms
            if (form.has_changed() or form.instance.pk)
            and not (self.can_delete and self._should_delete_form(form))  # type: ignore[attr-defined]  # a private formset hook the stubs leave out
        ]
        publish_check(self.instance, parts=sections)


class SectionInline(TranslationStackedInline):
    model = Section
    formset = SectionInlineFormSet
    extra = 0
    fields = ["order", "title", "anchor", "body"]


class ChapterForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = "__all__"  # noqa: DJ007 - the admin narrows the fields itself


@admin.register(Chapter)
class ChapterAdmin(ReindexMixin, TranslationAdmin):
    form = ChapterForm
    inlines = [SectionInline]
    list_display = ["title", "order", "published", "consultation", "updated_at"]
    list_editable = ["order", "published"]
    list_filter = ["consultation", "published"]
    ordering = ["consultation", "order"]
    view_on_site = True  # the chapter page previews unpublished chapters to staff

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:
        # Publishing from the list checks the saved sections.
        return super().get_changelist_form(request, form=PublishCheckForm, **kwargs)


@admin.register(Page)
class PageAdmin(ReindexMixin, TranslationAdmin):
    form = PublishCheckForm
    list_display = ["title", "kind", "consultation", "updated_at"]
    view_on_site = True


@admin.register(Interview)
class InterviewAdmin(ReindexMixin, TranslationAdmin):
    form = PublishCheckForm
    list_display = ["expert_name", "date", "chapter", "order"]
    list_editable = ["order"]


@admin.register(Topic)
class TopicAdmin(ReindexMixin, TranslationAdmin):
    form = PublishCheckForm
    list_display = ["title", "key", "order"]
    list_editable = ["order"]


@admin.register(Resource)
class ResourceAdmin(ReindexMixin, TranslationAdmin):
    form = PublishCheckForm
    list_display = ["title", "topic", "kind", "language", "order"]
    list_editable = ["order"]
    list_filter = ["topic", "kind", "language"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "language", "page_url", "email", "message"]
    readonly_fields = ["message", "page_url", "email", "language", "user", "created_at"]

    def has_add_permission(self, request):
        return False
