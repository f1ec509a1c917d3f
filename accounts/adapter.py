from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

VERIFICATION_SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"
VERIFICATION_SENT_SESSION_KEY = "accounts_verification_sent_to"


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a participant signed up in, for later e-mails."""

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = (translation.get_language() or "en")[:2]
        return super().save_user(request, user, form, commit=commit)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # allauth says nothing when its cooldown swallows a second confirmation
        # e-mail; remembering the address it did send to lets the next page tell
        # the two cases apart instead of claiming a message was sent.
        if message_template == VERIFICATION_SENT_MESSAGE and message_context:
            request.session[VERIFICATION_SENT_SESSION_KEY] = message_context.get("email", "")
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )
