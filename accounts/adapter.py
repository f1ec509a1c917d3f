from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a participant signed up in, for later e-mails."""

    def save_user(self, request, user, form, commit=True):
        user.preferred_language = (translation.get_language() or "en")[:2]
        return super().save_user(request, user, form, commit=commit)
