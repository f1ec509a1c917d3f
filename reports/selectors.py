"""Reads for the report job and the report pages.

The figures are counted in the database (`values().annotate(Count)`), never by
loading answers; the open-data files stream rows through `.iterator()`.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection
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


Figures = dict[str, Any]


def figures_compute(*, consultation: Consultation, cutoff: datetime.datetime) -> Figures:
    """Every count of the report, as a JSON-ready dict (counts unsuppressed: staff only).

    On PostgreSQL the answer counts come from one grouped pass (GROUPING SETS) whatever
    the number of cuts; elsewhere from one query per cut. Same figures either way."""
    if connection.vendor == "postgresql":
        answers = _figures_grouped(consultation=consultation, cutoff=cutoff)
    else:
        answers = _figures_by_cut(consultation=consultation, cutoff=cutoff)
    return {
        **answers,
        "forum": forum_summary(consultation=consultation, cutoff=cutoff),
        # Coding by analysts, if any: through the registry, never the analysis app.
        "coding": coding_figures(consultation_id=consultation.pk, cutoff=cutoff),
    }


# The cuts of the grouped pass: (name, grouped columns). `week` is the local ISO week.
_CUTS: list[tuple[str, tuple[str, ...]]] = [
    ("totals", ()),
    ("by_chapter", ("chapter_id",)),
    ("by_question", ("question_id",)),
    ("by_question_language", ("question_id", "language")),
    ("by_language", ("language",)),
    ("by_week", ("week",)),
    ("by_province", ("province",)),
    ("by_age_range", ("age_range",)),
    ("by_respondent_type", ("respondent_type",)),
]
_COLUMNS = ["chapter_id", "question_id", "language", "week", "province", "age_range",
            "respondent_type"]  # fmt: skip


def _figures_grouped(*, consultation: Consultation, cutoff: datetime.datetime) -> Figures:
    """The answer figures in one scan of the published answers: GROUPING SETS, each row
    carrying the bit mask of the columns it is not grouped by."""
    zone = settings.TIME_ZONE.replace("'", "")
    sets = ", ".join("(" + ", ".join(columns) + ")" for _name, columns in _CUTS)
    sql = f"""
        SELECT GROUPING({", ".join(_COLUMNS)}) AS mask, {", ".join(_COLUMNS)},
               count(*) AS answers, count(DISTINCT author_id) AS people
        FROM (
            SELECT q.chapter_id, a.question_id, a.language, a.author_id,
                   to_char(date_trunc('week', a.published_at AT TIME ZONE '{zone}'),
                           'IYYY-"W"IW') AS week,
                   coalesce(u.province, '') AS province,
                   coalesce(u.age_range, '') AS age_range,
                   coalesce(u.respondent_type, '') AS respondent_type
            FROM questions_answer a
            JOIN questions_question q ON q.id = a.question_id
            LEFT JOIN accounts_user u ON u.id = a.author_id
            WHERE q.consultation_id = %s AND a.status = %s AND a.published_at <= %s
        ) answers
        GROUP BY GROUPING SETS ({sets})
    """  # noqa: S608  # nosec B608 # column names and the time zone come from this module and settings
    full = (1 << len(_COLUMNS)) - 1
    by_mask = {
        full ^ sum(1 << (len(_COLUMNS) - 1 - _COLUMNS.index(c)) for c in columns): name
        for name, columns in _CUTS
    }
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name, _columns in _CUTS}
    with connection.cursor() as cursor:
        cursor.execute(sql, [consultation.pk, Status.PUBLISHED, cutoff])
        for mask, *values, answers, people in cursor.fetchall():
            rows[by_mask[mask]].append((*values, answers, people))
    index = {column: n for n, column in enumerate(_COLUMNS)}

    def cut(name: str, column: str, *, people: bool = False) -> list[tuple[Any, int]]:
        position = index[column]
        measure = -1 if people else -2
        pairs = [(row[position], row[measure]) for row in rows[name] if row[measure]]
        return sorted(pairs, key=lambda pair: pair[0])

    totals = rows["totals"][0] if rows["totals"] else (None,) * len(_COLUMNS) + (0, 0)
    per_question_language: dict[str, dict[str, int]] = {}
    for row in sorted(rows["by_question_language"], key=lambda r: (r[1], r[2])):
        per_question_language.setdefault(str(row[index["question_id"]]), {})[
            row[index["language"]]
        ] = row[-2]
    return {
        "totals": {"answers": totals[-2], "participants": totals[-1]},
        "by_chapter": {str(k): n for k, n in cut("by_chapter", "chapter_id")},
        "by_question": {str(k): n for k, n in cut("by_question", "question_id")},
        "by_question_language": per_question_language,
        "by_language": dict(cut("by_language", "language")),
        "participants_by_language": dict(cut("by_language", "language", people=True)),
        "by_province": dict(cut("by_province", "province", people=True)),
        "by_age_range": dict(cut("by_age_range", "age_range", people=True)),
        "by_respondent_type": dict(cut("by_respondent_type", "respondent_type", people=True)),
        "by_week": dict(cut("by_week", "week")),
    }


def _figures_by_cut(*, consultation: Consultation, cutoff: datetime.datetime) -> Figures:
    """The answer figures with one query per cut (databases without GROUPING SETS)."""
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


def reported_consultations(*, besides: Consultation | None) -> list[Consultation]:
    """Other consultations whose final report is published, the latest to close first."""
    found = Consultation.objects.filter(report_runs__published=True).distinct()
    if besides is not None:
        found = found.exclude(pk=besides.pk)
    return list(found.order_by("-closes_at", "pk"))


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
