"""Writes of the reading side: feedback and the publication check of chapters."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Feedback

FEEDBACK_LIMIT = 5  # messages
FEEDBACK_WINDOW = 3600  # seconds


def _client_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', 'unknown')}"


def feedback_rate_limited(request):
    """Count this attempt; True once a reader sent FEEDBACK_LIMIT messages this hour."""
    key = f"feedback-rate:{_client_key(request)}"
    cache.add(key, 0, timeout=FEEDBACK_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=FEEDBACK_WINDOW)
        count = 1
    return count > FEEDBACK_LIMIT


@transaction.atomic
def feedback_create(*, message, email, page_url, language, user):
    return Feedback.objects.create(
        message=message, email=email, page_url=page_url, language=language, user=user
    )


def chapter_missing_languages(chapter):
    """The languages in which the chapter or one of its sections lacks a title or body."""
    missing = []
    for code, _name in settings.LANGUAGES:
        records = [chapter, *chapter.sections.all()]
        if any(not getattr(r, f"title_{code}") or not getattr(r, f"body_{code}") for r in records):
            missing.append(code)
    return missing


def chapter_publish_check(chapter):
    """Published content exists in both languages: refuse to publish otherwise."""
    if chapter.published and chapter.pk and chapter_missing_languages(chapter):
        raise ValidationError(
            _(
                "A chapter can be published only when it and its sections have a title and text in English and in French."
            )
        )
