"""Answers in the moderator queue: what waits, and what each author did before."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue.models import Chapter
from moderation.models import Status
from moderation.pii import pii_found
from moderation.queue import (
    ALL,
    AuthorHistory,
    QueueFilters,
    QueueItem,
    QueueSource,
    claim_condition,
    escalation_condition,
    trust_condition,
)
from moderation.selectors import author_histories as histories_of

from .models import Answer

KIND = "answer"
# What a queue item shows of an answer, its question and its author: a page loads 50.
ITEM_FIELDS = (
    "question_id",
    "author_id",
    "body",
    "language",
    "status",
    "submitted_at",
    "created_at",
    "pii_detected",
    "consent_to_publish",
    "question__text_en",
    "question__text_fr",
    "author__email",
)


def _served(filters: QueueFilters) -> bool:
    """Whether answers can match these filters at all (answers are never flagged)."""
    place = filters.place_parts()
    return (
        filters.kind in ("", KIND)
        and not filters.flagged
        and (place is None or place[0] in ("chapter", "question"))
    )


def waiting(filters: QueueFilters = ALL) -> QuerySet[Answer]:
    """Pending answers matching the moderator's filters."""
    answers = Answer.objects.filter(status=Status.PENDING)
    if filters.language:
        answers = answers.filter(language=filters.language)
    if filters.pii:
        answers = answers.filter(pii_detected=True)
    place = filters.place_parts()
    if place is not None:
        name, number = place
        answers = answers.filter(
            **({"question__chapter_id": number} if name == "chapter" else {"question_id": number})
        )
    cut_off = filters.cut_off()
    if cut_off is not None:
        answers = answers.filter(submitted_at__lte=cut_off)
    return answers.filter(
        trust_condition(filters),
        claim_condition(filters, Answer),
        escalation_condition(filters, Answer),
    )


def waiting_answers(limit: int, filters: QueueFilters = ALL) -> list[QueueItem]:
    """Waiting answers in the asked order, with question and author: 1 query."""
    if not _served(filters):
        return []
    order = ("-submitted_at", "-id") if filters.sort == "newest" else ("submitted_at", "id")
    answers = (
        waiting(filters)
        .select_related("question", "author")
        .only(*ITEM_FIELDS)
        .order_by(*order)[:limit]
    )
    urls: dict[int, str] = {}  # a page often holds many answers to one question
    for answer in answers:
        if answer.question_id not in urls:
            urls[answer.question_id] = reverse(
                "questions:question_answers", kwargs={"pk": answer.question_id}
            )
    return [
        QueueItem(
            kind=KIND,
            pk=answer.pk,
            waiting_since=answer.submitted_at or answer.created_at,
            status=answer.status,
            # Moderators read the original; the template warns when it holds PII.
            body=answer.body,
            language=answer.language,
            author=answer.author,
            context_title=answer.question.text,
            context_url=urls[answer.question_id],
            pii_detected=answer.pii_detected,
            obj=answer,
            label=_("Answer"),
            view_kind=KIND,
        )
        for answer in answers
    ]


def waiting_count(filters: QueueFilters = ALL, cap: int | None = None) -> int:
    """How many answers wait; with `cap`, at most cap + 1 (a LIMITed index scan)."""
    if not _served(filters):
        return 0
    answers = waiting(filters)
    return (answers if cap is None else answers.order_by()[: cap + 1]).count()


def waiting_counts(filters: QueueFilters, cap: int | None = None) -> dict[str, int]:
    return {KIND: waiting_count(filters, cap)}


def author_histories(user_ids: set[int]) -> dict[int, AuthorHistory]:
    """{user_id: AuthorHistory} over answers: two queries whatever the numbers."""
    return histories_of(Answer, user_ids)


def published_by(author: Any) -> Exists:
    return Exists(Answer.objects.filter(author_id=author, status=Status.PUBLISHED))


def places() -> list[tuple[str, str]]:
    """The chapters, for the queue's place filter: one query."""
    return [
        (f"chapter:{chapter.pk}", chapter.title)
        for chapter in Chapter.objects.order_by("consultation_id", "order", "pk")
    ]


def oldest() -> datetime.datetime | None:
    return (
        Answer.objects.filter(status=Status.PENDING)
        .order_by("submitted_at", "id")
        .values_list("submitted_at", flat=True)
        .first()
    )


def redact(answer: Answer, body: str) -> list[str]:
    answer.body = body
    answer.pii_detected = pii_found(body)
    return ["body", "pii_detected"]


queue_source = QueueSource(
    kind=KIND,
    model=Answer,
    items=waiting_answers,
    count=waiting_count,
    history=author_histories,
    label=_("Answer"),
    counts=waiting_counts,
    published_by=published_by,
    places=places,
    view_kinds=(KIND,),
    redact=redact,
    oldest=oldest,
)
