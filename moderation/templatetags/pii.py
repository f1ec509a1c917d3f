"""Template filters that show participants' words with personal information masked.

Thin wrappers over `moderation.pii`, the one place the masking rule lives.
"""

from django import template
from django.utils.safestring import SafeString

from moderation import pii

register = template.Library()


@register.filter
def pii_text(value: str | None, language: str | None = None) -> str:
    """A plain-text value (display name, thread title) with addresses and numbers masked."""
    return pii.pii_mask(value, language)


@register.filter
def pii_plain(source: str | None, language: str | None = None) -> str:
    """Participant Markdown as masked plain text (quotes, e-mails). Truncate after this."""
    return pii.pii_plain(source, language)


@register.filter
def pii_html(value: str | None, language: str | None = None) -> SafeString:
    """Sanitised HTML (a stored rendering) with addresses and numbers masked."""
    return pii.pii_mask_html(value, language)


@register.filter
def pii_render(source: str | None, language: str | None = None) -> SafeString:
    """Participant Markdown rendered, sanitised and masked."""
    return pii.pii_render(source, language)
