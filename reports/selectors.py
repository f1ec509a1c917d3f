"""Reads for the report job and the report pages.

The figures are counted in the database (`values().annotate(Count)`), never by
loading answers; the open-data files stream rows through `.iterator()`.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Aggregate, Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from dialogue.models import Consultation
from dialogue.selectors import chapter_public_q
from forum.models import Board, Post, Thread
from moderation.models import Status
from questions.coding import coding_figures
from questions.models import Answer, Question

from .models import ReportOutput, ReportRun, RunState

ITERATOR_CHUNK = 2000
QUOTES_PER_QUESTION = 10
TOP_THREADS = 5


def published_answers(*, consultation: Consultation, cutoff: datetime.datetime) -> QuerySet[Answer]:
    """Published answers of the consultation up to the cut-off, with the model's ordering cleared
    so that a `values().annotate()` groups by exactly the fields asked for."""
    return Answer.objects.filter(
        question__consultation=consultation,
        status=Status.PUBLISHED,
        published_at__lte=cutoff,
    ).order_by()


def open_data_answers(
    *, consultation: Consultation, cutoff: datetime.datetime
) -> QuerySet[Answer, tuple[Any, ...]]:
    """Rows of the open-data files: published, consented, in a stable order, no author."""
    return (
        published_answers(consultation=consultation, cutoff=cutoff)
        .filter(consent_to_publish=True)
        .order_by("id")
        .values_list(
            "id",
            "question_id",
            "question__chapter__order",
            "language",
            "published_at",
            "display_name",
            "body",
        )
    )


def report_questions(*, consultation: Consultation) -> QuerySet[Question]:
    return (
        Question.objects.filter(chapter_public_q("chapter"), consultation=consultation)
        .select_related("chapter")
        .order_by("chapter__order", "chapter_id", "order", "id")
    )


def _grouped(queryset: QuerySet[Any], field: str, measure: Aggregate) -> dict[Any, int]:
    return {
        row[field]: row["n"]
        for row in queryset.values(field).annotate(n=measure).order_by(field)
        if row["n"]
    }


def figures_compute(*, consultation: Consultation, cutoff: datetime.datetime) -> dict[str, Any]:
    """Every count of the report, as a JSON-ready dict (counts unsuppressed: staff only)."""
    answers = published_answers(consultation=consultation, cutoff=cutoff)
    people = Count("author", distinct=True)
    totals = answers.aggregate(answers=Count("id"), participants=people)

    def profile(field: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for key, n in _grouped(answers, f"author__{field}", people).items():
            counts[key or ""] = counts.get(key or "", 0) + n
        return counts

    weeks: dict[str, int] = {}
    local = timezone.get_current_timezone()
    for row in (
        answers.annotate(week=TruncWeek("published_at", tzinfo=local))
        .values("week")
        .annotate(n=Count("id"))
        .order_by("week")
    ):
        year, week, _day = row["week"].date().isocalendar()
        key = f"{year}-W{week:02d}"
        weeks[key] = weeks.get(key, 0) + row["n"]

    per_question_language: dict[str, dict[str, int]] = {}
    for cell in answers.values("question_id", "language").annotate(n=Count("id")):
        per_question_language.setdefault(str(cell["question_id"]), {})[cell["language"]] = cell["n"]

    return {
        "totals": totals,
        "by_chapter": {
            str(k): v for k, v in _grouped(answers, "question__chapter_id", Count("id")).items()
        },
        "by_question": {
            str(k): v for k, v in _grouped(answers, "question_id", Count("id")).items()
        },
        "by_question_language": per_question_language,
        "by_language": _grouped(answers, "language", Count("id")),
        "participants_by_language": _grouped(answers, "language", people),
        "by_province": profile("province"),
        "by_age_range": profile("age_range"),
        "by_respondent_type": profile("respondent_type"),
        "by_week": weeks,
        "forum": forum_summary(consultation=consultation, cutoff=cutoff),
        # Coding by analysts, if any: through the registry, never the analysis app.
        "coding": coding_figures(consultation_id=consultation.pk, cutoff=cutoff),
    }


def forum_summary(*, consultation: Consultation, cutoff: datetime.datetime) -> dict[str, Any]:
    posts = Post.objects.filter(
        thread__board__consultation=consultation,
        status=Status.PUBLISHED,
        created_at__lte=cutoff,
    ).order_by()
    threads = Thread.objects.filter(
        board__consultation=consultation, status=Status.PUBLISHED, created_at__lte=cutoff
    ).order_by()
    posts_by_board = _grouped(posts, "thread__board_id", Count("id"))
    threads_by_board = _grouped(threads, "board_id", Count("id"))
    boards = [
        {
            "id": board.pk,
            "title_en": board.title_en or board.title_fr or "",
            "title_fr": board.title_fr or board.title_en or "",
            "threads": threads_by_board.get(board.pk, 0),
            "posts": posts_by_board.get(board.pk, 0),
        }
        for board in Board.objects.filter(consultation=consultation).order_by("order", "id")
    ]
    busiest = list(
        posts.values("thread_id")
        .annotate(n=Count("id"), people=Count("author", distinct=True))
        .order_by("-n", "thread_id")[:TOP_THREADS]
    )
    titles = dict(
        Thread.objects.filter(pk__in=[row["thread_id"] for row in busiest]).values_list(
            "pk", "title"
        )
    )
    return {
        "boards": boards,
        "threads": sum(threads_by_board.values()),
        "posts": sum(posts_by_board.values()),
        "participants": posts.aggregate(n=Count("author", distinct=True))["n"],
        "most_discussed": [
            {
                "id": row["thread_id"],
                "title": titles.get(row["thread_id"], ""),
                "posts": row["n"],
                "people": row["people"],
            }
            for row in busiest
        ],
    }


def featured_quotes(*, question_id: int, cutoff: datetime.datetime) -> QuerySet[Answer, Any]:
    """Answers a moderator featured, whose author consented to publication."""
    return (
        Answer.objects.filter(
            question_id=question_id,
            status=Status.PUBLISHED,
            published_at__lte=cutoff,
            featured=True,
            consent_to_publish=True,
        )
        .order_by("id")
        .values("id", "language", "display_name", "body")[:QUOTES_PER_QUESTION]
    )


def public_answer_ids(ids: Iterable[int]) -> set[int]:
    """Those of `ids` whose answers are still public and consented (quotes checked live)."""
    return set(
        Answer.objects.filter(
            pk__in=list(ids), status=Status.PUBLISHED, consent_to_publish=True
        ).values_list("pk", flat=True)
    )


def runs_for_staff(*, consultation: Consultation) -> QuerySet[ReportRun]:
    return (
        ReportRun.objects.filter(consultation=consultation)
        .select_related("requested_by")
        .prefetch_related(Prefetch("outputs", queryset=ReportOutput.objects.order_by("kind")))
    )


def published_run(*, consultation: Consultation) -> ReportRun | None:
    return (
        ReportRun.objects.filter(consultation=consultation, published=True)
        .prefetch_related("outputs")
        .first()
    )


def nightly_draft_exists(*, consultation: Consultation, day: datetime.date) -> bool:
    return ReportRun.objects.filter(
        Q(state__in=[RunState.QUEUED, RunState.RUNNING, RunState.SUCCEEDED]),
        consultation=consultation,
        is_nightly_draft=True,
        created_at__date=day,
    ).exists()
