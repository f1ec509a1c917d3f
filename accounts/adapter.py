from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.utils.html import strip_tags

from config.i18n import language_code
from outbox.services import email_enqueue

from .ratelimit import client_address

VERIFICATION_SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"
VERIFICATION_SENT_SESSION_KEY = "accounts_verification_sent_to"


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a participant signed up in, for later e-mails; sends
    allauth's e-mails (confirmation, password reset) through the outbox; reads the
    client's address and keys failed sign-ins the portal's way."""

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = language_code()
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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render as allauth does, in the language of the page the person is on, and
        leave the sending to the outbox: a sign-up while the mail server is down gets
        its confirmation once the server is back, and the request never waits on SMTP."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context,
        )
        if message.content_subtype == "html":  # allauth found only an HTML template
            body, html_body = strip_tags(message.body), message.body
        else:
            body, html_body = message.body, None
            if isinstance(message, EmailMultiAlternatives):
                html_body = next(
                    (text for text, mimetype in message.alternatives if mimetype == "text/html"),
                    None,
                )
        for recipient in message.to:
            email_enqueue(
                to=recipient,
                subject=message.subject,
                body=body,
                html_body=html_body,
                language=language_code(),
            )

    def get_client_ip(self, request: HttpRequest) -> str:
        """The same address the portal's own limits use (trusted proxies counted from the right)."""
        return client_address(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed sign-ins count per account *and* address.

        Keyed by the account alone, anyone could lock a person out by typing wrong
        passwords for their e-mail address; per account and address, the wrong
        guesses lock out only the address they come from, and for a minute only
        (`ACCOUNT_RATE_LIMITS["login_failed"]`).
        """
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account_key}:{client_address(request)}"
