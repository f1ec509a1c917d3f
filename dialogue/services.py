"""Writes of the reading side: feedback and the publication check of chapters."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
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


# --- nothing is public until both languages have text ------------------------------
#
# The one home of the rule. The admin (every form that can publish), the paper import
# and any future API call `publish_check`; nothing else decides it.

# Per model: the translated fields that must be filled in every language, and those
# that may be empty but then in every language (a French description with no English
# one is a gap too).
PUBLISH_REQUIRED: dict[type[models.Model], tuple[str, ...]] = {}
PUBLISH_PAIRED: dict[type[models.Model], tuple[str, ...]] = {}


def _publish_fields() -> None:
    from .models import Interview, Page, Resource, Section, Topic

    if PUBLISH_REQUIRED:
        return
    PUBLISH_REQUIRED.update(
        {
            Chapter: ("title", "body"),
            Section: ("title", "body"),
            Page: ("title", "body"),
            Interview: ("affiliation", "summary", "body"),
            Resource: ("title",),
            Topic: ("title",),
        }
    )
    PUBLISH_PAIRED.update(
        {
            Chapter: ("summary",),
            Interview: ("media_transcript",),
            Resource: ("description",),
        }
    )


def publish_rule_register(
    model: type[models.Model], *, required: tuple[str, ...], paired: tuple[str, ...] = ()
) -> None:
    """Another app's public content under the same rule (call it from `AppConfig.ready`)."""
    _publish_fields()
    PUBLISH_REQUIRED[model] = required
    PUBLISH_PAIRED[model] = paired


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _record_missing(record: models.Model) -> set[str]:
    _publish_fields()
    model = type(record)
    missing: set[str] = set()
    for field in PUBLISH_REQUIRED.get(model, ()):
        missing |= {code for code in _languages() if not getattr(record, f"{field}_{code}", "")}
    for field in PUBLISH_PAIRED.get(model, ()):
        filled = {code for code in _languages() if getattr(record, f"{field}_{code}", "")}
        if filled:
            missing |= set(_languages()) - filled
    return missing


def publish_missing_languages(
    record: models.Model, *, parts: Sequence[models.Model] | None = None
) -> list[str]:
    """The languages in which `record` (and, for a chapter, its sections) lacks text.

    `parts` are the chapter's sections as they are about to be saved (the admin's
    inline forms); by default the saved ones."""

    missing = _record_missing(record)
    if isinstance(record, Chapter):
        if parts is None:
            parts = list(record.sections.all()) if record.pk else []
        for part in parts:
            missing |= _record_missing(part)
    return [code for code in _languages() if code in missing]


def is_public(record: models.Model) -> bool:
    """Whether the record is meant to be seen: chapters when published, the other
    kinds as soon as they exist."""
    return bool(getattr(record, "published", True))


def publish_check(record: models.Model, *, parts: Sequence[models.Model] | None = None) -> None:
    """Refuse to make `record` public while a language lacks its text."""

    if not is_public(record):
        return
    missing = publish_missing_languages(record, parts=parts)
    if not missing:
        return
    if isinstance(record, Chapter):
        raise ValidationError(
            _(
                "A chapter can be published only when it and its sections have a title and text in English and in French."
            ),
            code="publish_languages",
        )
    raise ValidationError(
        _(
            "“%(record)s” is public as soon as it is saved, so it needs its text in English "
            "and in French; missing: %(languages)s."
        )
        % {
            "record": str(record) or record._meta.verbose_name,
            "languages": ", ".join(
                str(name).lower() for code, name in settings.LANGUAGES if code in missing
            ),
        },
        code="publish_languages",
    )
