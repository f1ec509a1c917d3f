"""The active language, the one way the portal asks for it."""

from django.conf import settings
from django.utils import translation


def language_code() -> str:
    """The two-letter code of the active language ("en" or "fr"); the site's default
    language outside a request or an `override`."""
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]
