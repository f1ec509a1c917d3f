from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from moderation.pii import pii_render

register = template.Library()


@register.filter
def public_answer_html(body: str, language: str | None = None) -> SafeString:
    """An answer as readers see it: Markdown sanitised, personal information masked."""
    return pii_render(body, language)


@register.filter
def chapter_url(chapter):
    """The chapter's page, or the paper's contents while chapter pages are not routed."""
    try:
        return chapter.get_absolute_url()
    except NoReverseMatch:
        return reverse("dialogue:paper")
