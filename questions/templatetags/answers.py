from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from dialogue.markdown import render_user_text
from moderation.pii import pii_mask

register = template.Library()


@register.filter
def public_answer_html(body):
    """An answer as readers see it: personal information masked, Markdown sanitised."""
    # nh3 has removed every tag and attribute outside the participant allow-list.
    return mark_safe(render_user_text(pii_mask(body)))  # nosec B308 B703 # nh3-sanitised


@register.filter
def chapter_url(chapter):
    """The chapter's page, or the paper's contents while chapter pages are not routed."""
    try:
        return chapter.get_absolute_url()
    except NoReverseMatch:
        return reverse("dialogue:paper")
