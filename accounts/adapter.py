from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from .ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a participant signed up in, for later e-mails; reads the
    client's address and keys failed sign-ins the portal's way."""

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = (translation.get_language() or "en")[:2]
        return super().save_user(request, user, form, commit=commit)

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
