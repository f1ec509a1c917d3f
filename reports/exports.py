"""The staff export of every answer, whatever its status, streamed row by row."""

from django.utils import timezone

from moderation.models import Status
from moderation.pii import pii_mask
from questions.models import Answer

from .formatting import csv_row
from .selectors import ITERATOR_CHUNK

COLUMNS = [
    "answer_id",
    "question_id",
    "chapter",
    "language",
    "status",
    "consent_to_publish",
    "featured",
    "display_name",
    "submitted_at",
    "published_at",
    "body",
]


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else ""


def all_answers_rows(*, consultation):
    """The header, then one list per answer in id order; never the author's e-mail or id.

    The display name appears only where the author consented to publication, and
    e-mail addresses and telephone numbers in the text are masked.
    """
    yield COLUMNS
    rows = (
        # Drafts were never handed in and withdrawn answers were taken back by their
        # authors: neither belongs in what staff export.
        Answer.objects.filter(question__consultation=consultation)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .order_by("id")
        .values_list(
            "id",
            "question_id",
            "question__chapter__order",
            "language",
            "status",
            "consent_to_publish",
            "featured",
            "display_name",
            "submitted_at",
            "published_at",
            "body",
        )
        .iterator(chunk_size=ITERATOR_CHUNK)
    )
    for (
        answer_id,
        question_id,
        chapter,
        language,
        status,
        consent,
        featured,
        display_name,
        submitted_at,
        published_at,
        body,
    ) in rows:
        yield csv_row(
            [
                answer_id,
                question_id,
                chapter,
                language,
                status,
                "yes" if consent else "no",
                "yes" if featured else "no",
                pii_mask(display_name, language) if consent else "",
                _iso(submitted_at),
                _iso(published_at),
                pii_mask(body, language),
            ]
        )
