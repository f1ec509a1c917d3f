"""Writes of the reading side: feedback and the publication check of chapters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.ratelimit import Rate, rate_limit_check

from .models import Chapter, Feedback


@transaction.atomic
def feedback_create(
    *, message: str, email: str, page_url: str, language: str, user: User | None, sender_key: str
) -> Feedback:
    """Store a feedback message; at most FEEDBACK_RATE per sender (`accounts.ratelimit`)."""
    rate = Rate.parse(settings.FEEDBACK_RATE)
    rate_limit_check(
        action="feedback",
        key=sender_key,
        rate=rate,
        message=_(
            "You have sent a lot of feedback in a short time (at most %(count)s messages in "
            "%(minutes)s minutes). Please try again later."
        )
        % {"count": rate.limit, "minutes": max(rate.seconds // 60, 1)},
    )
    return Feedback.objects.create(
        message=message, email=email, page_url=page_url, language=language, user=user
    )


def chapter_missing_languages(chapter: Chapter) -> list[str]:
    """The languages in which the chapter or one of its sections lacks a title or body."""
    missing = []
    for code, _name in settings.LANGUAGES:
        records = [chapter, *chapter.sections.all()]
        if any(not getattr(r, f"title_{code}") or not getattr(r, f"body_{code}") for r in records):
            missing.append(code)
    return missing


def chapter_publish_check(chapter: Chapter) -> None:
    """Published content exists in both languages: refuse to publish otherwise."""
    if chapter.published and chapter.pk and chapter_missing_languages(chapter):
        raise ValidationError(
            _(
                "A chapter can be published only when it and its sections have a title and text in English and in French."
            )
        )
