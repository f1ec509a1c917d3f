from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django.utils.html import strip_tags

from outbox.services import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a participant signed up in, for later e-mails, and sends
    allauth's e-mails (confirmation, password reset) through the outbox."""

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = (translation.get_language() or "en")[:2]
        return super().save_user(request, user, form, commit=commit)

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
                language=(translation.get_language() or "en")[:2],
            )
