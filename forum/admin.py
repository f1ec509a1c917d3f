from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Board, Thread


@admin.register(Board)
class BoardAdmin(TranslationAdmin):
    list_display = ["title", "consultation", "order", "chapter"]
    list_filter = ["consultation"]
    ordering = ["consultation", "order"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Read-only: moderators act from the forum pages, where every decision is logged."""

    list_display = ["title", "board", "status", "pinned", "locked", "last_activity_at"]
    list_filter = ["status", "board"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
