from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from dialogue.admin import PublishCheckForm, ReindexMixin

from .models import SitePage
from .services import site_page_parent_check


class SitePageForm(PublishCheckForm):
    """Both languages side by side (the translation admin's tabs are off: `fieldsets`
    list each `_en` / `_fr` pair on one row), the tree kept a tree."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        try:
            site_page_parent_check(self.instance, cleaned.get("parent"))
        except ValidationError as error:
            self.add_error("parent", error)
        return cleaned


@admin.register(SitePage)
class SitePageAdmin(ReindexMixin, TranslationAdmin):
    form = SitePageForm
    list_display = ["title", "parent", "order", "in_menu", "kind", "consultation", "updated_at"]
    list_editable = ["parent", "order", "in_menu"]
    list_filter = ["consultation", "kind", "in_menu"]
    ordering = ["consultation", "parent__order", "order"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["consultation", "parent", "order", "in_menu", "kind"]}),
        (None, {"fields": [("title_en", "title_fr"), ("slug_en", "slug_fr")]}),
        (None, {"fields": [("body_en", "body_fr")]}),
        (
            None,
            {
                "fields": [
                    ("speaker_en", "speaker_fr"),
                    ("place_en", "place_fr"),
                    "delivered_on",
                    "check_against_delivery",
                ]
            },
        ),
    ]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[ModelForm]:
        return super().get_changelist_form(request, form=SitePageForm, **kwargs)
