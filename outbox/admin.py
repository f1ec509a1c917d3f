from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import EmailStatus, OutboxEmail
from .services import email_retry

# What the admin shows of an e-mail, all of it read-only (never the bodies).
SHOWN_FIELDS: tuple[str, ...] = (
    "to",
    "subject",
    "language",
    "status",
    "attempts",
    "next_attempt_at",
    "claimed_at",
    "last_error",
    "sent_at",
    "created_at",
    "dedupe_key",
    "guid",
)


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what waits and why, and a retry for what failed.

    The bodies are never shown: they hold sign-in and password-reset links, which
    would let anyone reading the admin act as the recipient.
    """

    list_display = [
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxEmail | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxEmail | None = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("outbox.retry_outboxemail")

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxEmail]) -> None:
        failed = list(queryset.filter(status=EmailStatus.FAILED).values_list("pk", flat=True))
        retried = sum(email_retry(email_id=pk) for pk in failed)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent again.",
                "%(count)d e-mails will be sent again.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS,
        )
