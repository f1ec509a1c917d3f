from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Answer, Question
from .selectors import PRIVATE, answers_for_staff, private_answer_read_log


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ["text", "chapter", "order", "max_length"]
    list_filter = ["consultation", "chapter"]
    list_select_related = ["chapter"]
    ordering = ["chapter__order", "order", "id"]
    search_fields = ["text_en", "text_fr"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Read-only: answers change status through the moderation queue, which logs it."""

    list_display = ["id", "question", "language", "status", "featured", "submitted_at"]
    list_filter = ["status", "language", "featured", "question__chapter"]
    list_select_related = ["question"]
    search_fields = ["body"]
    readonly_fields = [field.name for field in Answer._meta.fields]
    fieldsets = [
        (None, {"fields": ["question", "body", "language", "display_name", "consent_to_publish"]}),
        (
            _("Moderation"),
            {"fields": ["status", "reason", "moderator_note", "featured", "pii_detected"]},
        ),
        (None, {"fields": ["author", "created_at", "updated_at", "submitted_at", "published_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        # Drafts and withdrawn answers are the author's alone: absent from the list and
        # 404 on their page for staff; a superuser sees them, and each reading is logged.
        return answers_for_staff(request.user, super().get_queryset(request))

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Answer:
        answer = super().get_object(request, object_id, from_field)
        if answer is None:
            # Not "perhaps it was deleted": for staff a draft does not exist at all.
            raise Http404
        private_answer_read_log(request.user, answer)
        return answer

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Answer], search_term: str
    ) -> tuple[QuerySet[Answer], bool]:
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # Searching the text of drafts is reading them: the same trace as opening one.
            for answer in queryset.filter(status__in=PRIVATE):
                private_answer_read_log(request.user, answer)
        return queryset, duplicates

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
