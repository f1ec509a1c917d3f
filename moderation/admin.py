from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from .models import Reason, SavedReason


@admin.register(SavedReason)
class SavedReasonAdmin(TranslationAdmin):
    """Staff reword the reasons and what authors are told, in both languages."""

    list_display = ("label", "code", "order", "offered", "updated_at")
    list_editable = ("order", "offered")
    search_fields = ("code", "label_en", "label_fr")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Decisions, answers, posts and flags keep the code.
        return ("code", "updated_at") if obj is not None else ("updated_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The portal's own reasons (hiding after flags…) must stay; others may be
        # unticked rather than deleted, so that old decisions keep their name.
        if obj is not None and obj.code in Reason.values:
            return False
        return super().has_delete_permission(request, obj)
