"""Quotes in the report: staff picks, and a varied default set when staff pick none.

Only answers that are published and whose author consented to publication can be
quoted, whatever was picked; the report never quotes two answers of one person.
"""

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext

from moderation.models import Status
from questions.models import Answer, Question

from .models import QuotePick

QUOTES_PER_QUESTION = 3
MAX_PICKS = 6
CANDIDATES_SHOWN = 30
# Quotes longer than this are proposed last: a report quotes, it does not reprint.
LONG_QUOTE = 700
# ...and those shorter than this too: a few words say little on their own.
SHORT_QUOTE = 40


class QuoteRow(TypedDict):
    id: int
    language: str
    display_name: str
    body: str
    author: str  # who wrote it: a user id, or the answer's own id for an anonymised one


def quotable(
    *, question: Question | int, cutoff: datetime.datetime | None = None
) -> QuerySet[Answer]:
    """The answers of `question` that may be quoted: published and consented."""
    answers = Answer.objects.filter(
        question=question, status=Status.PUBLISHED, consent_to_publish=True
    ).order_by("id")
    if cutoff is not None:
        answers = answers.filter(published_at__lte=cutoff)
    return answers


def quote_candidates(*, question: Question, search: str = "") -> list[Answer]:
    answers = quotable(question=question)
    if search:
        answers = answers.filter(Q(body__icontains=search) | Q(display_name__icontains=search))
    return list(answers.exclude(quote_picks__question=question)[:CANDIDATES_SHOWN])


def picked_quotes(*, question: Question) -> list[QuotePick]:
    return list(QuotePick.objects.filter(question=question).select_related("answer"))


def _author_key(author_id: int | None, answer_id: int) -> str:
    return f"u{author_id}" if author_id is not None else f"a{answer_id}"


def quote_pick(*, question: Question, answer_id: int, by: Any = None) -> QuotePick:
    """Pick an answer to quote under its question."""
    with transaction.atomic():
        Question.objects.select_for_update().get(pk=question.pk)
        answer = quotable(question=question).filter(pk=answer_id).first()
        if answer is None:
            raise ValidationError(
                gettext(
                    "Only a published answer whose author agreed to publication can be quoted."
                ),
                code="not-quotable",
            )
        picks = QuotePick.objects.filter(question=question)
        if picks.filter(answer=answer).exists():
            return picks.get(answer=answer)
        if picks.count() >= MAX_PICKS:
            raise ValidationError(
                gettext("A question can have at most %(count)s quotes.") % {"count": MAX_PICKS},
                code="too-many",
            )
        if (
            answer.author_id is not None
            and QuotePick.objects.filter(
                question__consultation_id=question.consultation_id,
                answer__author_id=answer.author_id,
            ).exists()
        ):
            raise ValidationError(
                gettext(
                    "The report already quotes this person: it quotes each person once at most."
                ),
                code="same-author",
            )
        return QuotePick.objects.create(
            question=question,
            answer=answer,
            position=picks.count(),
            picked_by=by if getattr(by, "pk", None) else None,
        )


def quote_unpick(*, question: Question, answer_id: int) -> None:
    QuotePick.objects.filter(question=question, answer_id=answer_id).delete()


def _rows(answers: Iterable[Answer]) -> list[QuoteRow]:
    return [
        {
            "id": answer.pk,
            "language": answer.language,
            "display_name": answer.display_name,
            "body": answer.body,
            "author": _author_key(answer.author_id, answer.pk),
        }
        for answer in answers
    ]


def proposed_quotes(
    *,
    question: Question | int,
    cutoff: datetime.datetime | None = None,
    limit: int = QUOTES_PER_QUESTION,
) -> list[QuoteRow]:
    """A varied default set: moderators' featured answers first, then answers that add
    a province, a language or a length not yet in the set; one answer per person.

    Deterministic: among equals, the lowest answer id wins.
    """
    candidates = list(
        quotable(question=question, cutoff=cutoff)
        .select_related("author")
        .annotate(length=Length("body"))
        .order_by("-featured", "id")[:400]
    )
    chosen: list[Answer] = []
    authors: set[str] = set()
    seen: set[tuple[str, str]] = set()

    def traits(answer: Answer) -> set[tuple[str, str]]:
        length = getattr(answer, "length", len(answer.body))
        size = "short" if length < 200 else "medium" if length < LONG_QUOTE else "long"
        province = getattr(answer.author, "province", "") if answer.author_id else ""
        return {("language", answer.language), ("province", province or "-"), ("size", size)}

    while len(chosen) < limit:
        best: Answer | None = None
        best_score = -1
        for answer in candidates:
            if answer in chosen or _author_key(answer.author_id, answer.pk) in authors:
                continue
            score = len(traits(answer) - seen) * 2 + (3 if answer.featured else 0)
            length = getattr(answer, "length", 0)
            score -= 2 if length >= LONG_QUOTE or length < SHORT_QUOTE else 0
            if score > best_score:
                best, best_score = answer, score
        if best is None:
            break
        chosen.append(best)
        authors.add(_author_key(best.author_id, best.pk))
        seen |= traits(best)
    return _rows(chosen)


def report_quotes(*, question_id: int, cutoff: datetime.datetime) -> list[QuoteRow]:
    """The quotes of one question in a run: staff's picks that are still quotable at the
    cut-off, or the proposed set when staff picked none."""
    picks = list(
        QuotePick.objects.filter(question_id=question_id)
        .filter(answer__in=quotable(question=question_id, cutoff=cutoff))
        .select_related("answer")
        .order_by("position", "id")
    )
    if picks:
        return _rows(pick.answer for pick in picks)
    return proposed_quotes(question=question_id, cutoff=cutoff)


def one_quote_per_person(parts: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """`parts` (by question, in the report's order) with a person's second quote dropped."""
    authors: set[str] = set()
    kept: dict[int, dict[str, Any]] = {}
    for question_id in sorted(parts):
        data = parts[question_id]
        quotes = []
        for quote in data.get("quotes", []):
            author = quote.get("author") or f"a{quote['id']}"
            if author in authors:
                continue
            authors.add(author)
            quotes.append(quote)
        kept[question_id] = {**data, "quotes": quotes}
    return kept
