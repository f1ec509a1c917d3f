"""Reads of the analysis workbench and the coding figures the report asks for.

Lists declare their joins, so the workbench runs the same number of queries for ten
answers or a hundred thousand; figures are counted in the database.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import User
from dialogue.models import Consultation
from moderation.models import Status
from questions.coding import CodingFigures, CodingQuote, QuestionCoding
from questions.models import Answer, Question

from .models import AnalystNote, Code, Codebook, Coding, DuplicateGroup, Submission


@dataclass(frozen=True)
class AnswerFilter:
    """The workbench's filters, as read from the query string."""

    language: str = ""
    province: str = ""
    respondent_type: str = ""
    code: int | None = None
    uncoded: bool = False
    campaign: bool = False
    noted: bool = False
    search: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def codes_of(consultation: Consultation, *, active_only: bool = False) -> list[Code]:
    """The codebook's codes, themes each followed by their sub-codes."""
    codes = Code.objects.filter(codebook__consultation=consultation)
    if active_only:
        codes = codes.filter(retired_at__isnull=True, merged_into__isnull=True)
    rows = list(codes.order_by("order", "id"))
    themes = [code for code in rows if code.parent_id is None]
    ordered: list[Code] = []
    for theme in themes:
        ordered.append(theme)
        ordered.extend(code for code in rows if code.parent_id == theme.pk)
    return ordered


def codebook_version(consultation_id: int) -> int:
    version = (
        Codebook.objects.filter(consultation_id=consultation_id)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def published_answers_of(question: Question) -> QuerySet[Answer]:
    """Every published answer of the question, consented or not: analysts read all of
    what was said, the public and the report's quotes only what was consented."""
    return Answer.objects.filter(question=question, status=Status.PUBLISHED)


def workbench_answers(
    question: Question, filters: AnswerFilter, *, analyst: User
) -> QuerySet[Answer]:
    """The answers of `question` matching `filters`, oldest first, each with its
    codings (and their codes), the analyst's own note and its duplicate group."""
    answers = published_answers_of(question)
    if filters.language:
        answers = answers.filter(language=filters.language)
    if filters.province:
        answers = answers.filter(author__province=filters.province)
    if filters.respondent_type:
        answers = answers.filter(author__respondent_type=filters.respondent_type)
    if filters.code is not None:
        answers = answers.filter(
            Exists(
                Coding.objects.filter(answer=OuterRef("pk")).filter(
                    Q(code_id=filters.code) | Q(code__merged_into_id=filters.code)
                )
            )
        )
    if filters.uncoded:
        answers = answers.exclude(Exists(Coding.objects.filter(answer=OuterRef("pk"))))
    if filters.campaign:
        answers = answers.filter(duplicate__group__is_campaign=True)
    if filters.noted:
        answers = answers.filter(
            Exists(AnalystNote.objects.filter(answer=OuterRef("pk"), analyst=analyst))
        )
    if filters.search:
        for word in filters.search.split()[:10]:
            answers = answers.filter(body__icontains=word)
    return (
        answers.order_by("published_at", "id")
        .select_related("author", "duplicate__group")
        .only(
            "id",
            "question_id",
            "body",
            "language",
            "published_at",
            "author__province",
            "author__respondent_type",
            "duplicate__id",
            "duplicate__group__id",
            "duplicate__group__size",
            "duplicate__group__is_campaign",
        )
        .prefetch_related(
            Prefetch(
                "codings",
                queryset=Coding.objects.select_related("code", "analyst").order_by("id"),
            ),
            Prefetch(
                "analyst_notes",
                queryset=AnalystNote.objects.filter(analyst=analyst),
                to_attr="my_notes",
            ),
        )
    )


@dataclass(frozen=True)
class Progress:
    question: Question
    total: int
    coded: int

    @property
    def percent(self) -> int:
        return (100 * self.coded) // self.total if self.total else 0


def progress_by_question(consultation: Consultation) -> list[Progress]:
    """Coded / total published answers of every question (one query)."""
    coded = Exists(Coding.objects.filter(answer=OuterRef("answers")))
    published = Q(answers__status=Status.PUBLISHED)
    questions = (
        Question.objects.filter(consultation=consultation)
        .select_related("chapter")
        .order_by("chapter__order", "order", "id")
        .annotate(
            total=Count("answers", filter=published),
            coded=Count("answers", filter=published & Q(coded)),
        )
    )
    return [Progress(question=q, total=q.total, coded=q.coded) for q in questions]


@dataclass(frozen=True)
class AnalystProgress:
    analyst_id: int
    name: str
    answers: int
    codings: int


def progress_by_analyst(question: Question) -> list[AnalystProgress]:
    rows = (
        Coding.objects.filter(answer__question=question)
        .values("analyst_id", "analyst__display_name", "analyst__email")
        .annotate(answers=Count("answer", distinct=True), codings=Count("id"))
        .order_by("analyst_id")
    )
    return [
        AnalystProgress(
            analyst_id=row["analyst_id"],
            name=row["analyst__display_name"] or row["analyst__email"],
            answers=row["answers"],
            codings=row["codings"],
        )
        for row in rows
    ]


# --- agreement -------------------------------------------------------------------


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Cohen's kappa of two raters' yes/no decisions on the same items.

    κ = (p_o - p_e) / (1 - p_e), with p_o the share of items they agree on and p_e
    the agreement expected by chance from each rater's own rate of "yes". None when
    there are no items or chance agreement is already perfect (both always said the
    same single thing), where κ is undefined.
    """
    if len(first) != len(second):
        raise ValueError("both raters must rate the same items")
    n = len(first)
    if n == 0:
        return None
    agree = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    yes_first = sum(first) / n
    yes_second = sum(second) / n
    p_o = agree / n
    p_e = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    if p_e == 1:
        return None
    return (p_o - p_e) / (1 - p_e)


@dataclass(frozen=True)
class Agreement:
    code: Code
    items: int
    kappa: float | None


def agreement_per_code(question: Question, first: User, second: User) -> list[Agreement]:
    """Cohen's kappa per code between two analysts, over the answers of `question`
    both have coded (with any code): the sample they shared."""
    rows = list(
        Coding.objects.filter(answer__question=question, analyst__in=[first, second])
        .annotate(effective=Coalesce("code__merged_into_id", "code_id"))
        .values_list("answer_id", "analyst_id", "effective")
    )
    by_answer: dict[int, dict[int, set[int]]] = {}
    for answer_id, analyst_id, code_id in rows:
        by_answer.setdefault(answer_id, {}).setdefault(analyst_id, set()).add(code_id)
    shared = sorted(
        answer_id
        for answer_id, coders in by_answer.items()
        if first.pk in coders and second.pk in coders
    )
    used = {code_id for _a, _b, code_id in rows}
    result = []
    for code in codes_of(question.consultation):
        if code.pk not in used:
            continue
        a = [code.pk in by_answer[pk][first.pk] for pk in shared]
        b = [code.pk in by_answer[pk][second.pk] for pk in shared]
        result.append(Agreement(code=code, items=len(shared), kappa=cohen_kappa(a, b)))
    return result


def analysts_of(question: Question) -> list[User]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(codings__answer__question=question)
        .distinct()
        .order_by("id")
    )


# --- duplicates and submissions ----------------------------------------------------


def duplicate_groups(question: Question) -> QuerySet[DuplicateGroup]:
    return DuplicateGroup.objects.filter(question=question).order_by("-size", "id")


def submissions_of(consultation: Consultation) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(consultation=consultation)
        .prefetch_related(
            "questions", Prefetch("codings", queryset=Coding.objects.select_related("code"))
        )
        .order_by("-received_on", "-id")
    )


# --- what the report reads (through questions.coding) ------------------------------


def report_coding_figures(*, consultation_id: int, cutoff: datetime.datetime) -> CodingFigures:
    """Per question: answers coded with each code, a campaign counting once; the
    campaigns with their size; submissions received outside the site by channel.

    Counts are of distinct coded units (an answer, or a whole campaign), whichever
    analyst coded them; a merged code's coding counts for the code it went into.
    """
    answers = Coding.objects.filter(
        answer__question__consultation_id=consultation_id,
        answer__status=Status.PUBLISHED,
        answer__published_at__lte=cutoff,
    ).annotate(effective=Coalesce("code__merged_into_id", "code_id"))
    in_campaign = Q(answer__duplicate__group__is_campaign=True)
    single = (
        answers.exclude(in_campaign)
        .values("answer__question_id", "effective")
        .annotate(n=Count("answer", distinct=True))
        .order_by()
    )
    campaigns = (
        answers.filter(in_campaign)
        .values("answer__question_id", "effective")
        .annotate(n=Count("answer__duplicate__group", distinct=True))
        .order_by()
    )
    coded_single = (
        answers.exclude(in_campaign)
        .values("answer__question_id")
        .annotate(n=Count("answer", distinct=True))
        .order_by()
    )
    coded_campaigns = (
        answers.filter(in_campaign)
        .values("answer__question_id")
        .annotate(n=Count("answer__duplicate__group", distinct=True))
        .order_by()
    )
    codes = {
        code.pk: code for code in Code.objects.filter(codebook__consultation_id=consultation_id)
    }
    questions: dict[str, QuestionCoding] = {}

    def entry(question_id: int) -> QuestionCoding:
        return questions.setdefault(
            str(question_id),
            {
                "coded": 0,
                "codes": [],
                "campaigns": [],
                "submissions": {},
                "quotes": {},
                "excerpts": [],
            },
        )

    counts: dict[tuple[int, int], int] = {}
    for row in [*single, *campaigns]:
        key = (row["answer__question_id"], row["effective"])
        counts[key] = counts.get(key, 0) + row["n"]
    for coded in [*coded_single, *coded_campaigns]:
        entry(coded["answer__question_id"])["coded"] += coded["n"]

    # Submissions: coded with the same codebook, counted per channel.
    submission_codes = (
        Coding.objects.filter(
            submission__consultation_id=consultation_id,
            submission__created_at__lte=cutoff,
        )
        .annotate(effective=Coalesce("code__merged_into_id", "code_id"))
        .values("submission__questions", "effective")
        .annotate(n=Count("submission", distinct=True))
        .order_by()
    )
    for coded_row in (
        Coding.objects.filter(
            submission__consultation_id=consultation_id, submission__created_at__lte=cutoff
        )
        .values("submission__questions")
        .annotate(n=Count("submission", distinct=True))
        .order_by()
    ):
        if coded_row["submission__questions"] is not None:
            entry(coded_row["submission__questions"])["coded"] += coded_row["n"]
    for code_row in submission_codes:
        if code_row["submission__questions"] is None:
            continue
        key = (code_row["submission__questions"], code_row["effective"])
        counts[key] = counts.get(key, 0) + code_row["n"]

    order = {code.pk: index for index, code in enumerate(codes_of_id(consultation_id))}
    for (question_id, code_id), n in sorted(
        counts.items(), key=lambda item: (item[0][0], order.get(item[0][1], 0))
    ):
        code = codes[code_id]
        entry(question_id)["codes"].append(
            {
                "id": code.pk,
                "parent_id": code.parent_id,
                "label_en": code.label_en or code.label_fr or "",
                "label_fr": code.label_fr or code.label_en or "",
                "n": n,
            }
        )

    for (question_id, code_id), quotes in coding_quotes(
        consultation_id=consultation_id, cutoff=cutoff
    ).items():
        entry(question_id).setdefault("quotes", {})[str(code_id)] = quotes

    for group in DuplicateGroup.objects.filter(
        question__consultation_id=consultation_id, is_campaign=True
    ).order_by("question_id", "-size", "id"):
        entry(group.question_id)["campaigns"].append(
            {
                "id": group.pk,
                "size": group.size,
                "first": group.first_at.date().isoformat(),
                "last": group.last_at.date().isoformat(),
            }
        )

    submissions = Submission.objects.filter(
        consultation_id=consultation_id, created_at__lte=cutoff
    ).order_by()
    by_channel = {
        row["channel"]: row["n"]
        for row in submissions.values("channel").annotate(n=Count("id")).order_by("channel")
    }
    for channel_row in (
        submissions.values("questions", "channel").annotate(n=Count("id")).order_by()
    ):
        if channel_row["questions"] is not None:
            per_channel = entry(channel_row["questions"])["submissions"]
            per_channel[channel_row["channel"]] = channel_row["n"]

    # Excerpts: only those staff published with their author's consent.
    for excerpt_row in (
        submissions.filter(excerpt_consent=True)
        .exclude(excerpt="")
        .values("id", "channel", "language", "excerpt", "questions")
        .order_by("received_on", "id")
    ):
        if excerpt_row["questions"] is not None:
            entry(excerpt_row["questions"]).setdefault("excerpts", []).append(
                {
                    "id": excerpt_row["id"],
                    "channel": excerpt_row["channel"],
                    "language": excerpt_row["language"],
                    "text": excerpt_row["excerpt"],
                }
            )

    from django.utils import translation

    labels: dict[str, dict[str, str]] = {}
    for channel in Submission.Channel:
        labels[channel.value] = {}
        for language in ("en", "fr"):
            with translation.override(language):
                labels[channel.value][language] = str(channel.label)

    return {
        "codebook_version": codebook_version(consultation_id),
        "questions": questions,
        "submissions_by_channel": by_channel,
        "channel_labels": labels,
    }


QUOTES_PER_CODE = 2


def coding_quotes(
    *, consultation_id: int, cutoff: datetime.datetime
) -> dict[tuple[int, int], list[CodingQuote]]:
    """Per (question, code): one or two answers coded with the code to quote in the
    report. Only published answers whose author consented to publication; never two
    from one author (answers of deleted accounts count as one unknown author); the
    answers a moderator featured first, then the earliest. Two queries: the ids of
    every candidate, then the texts of those chosen."""
    candidates = (
        Coding.objects.filter(
            answer__question__consultation_id=consultation_id,
            answer__status=Status.PUBLISHED,
            answer__consent_to_publish=True,
            answer__published_at__lte=cutoff,
        )
        .annotate(effective=Coalesce("code__merged_into_id", "code_id"))
        .values_list("answer__question_id", "effective", "answer_id", "answer__author_id")
        .order_by("answer__question_id", "effective", "-answer__featured", "answer_id")
    )
    chosen: dict[tuple[int, int], list[int]] = {}
    authors: dict[tuple[int, int], set[int | None]] = {}
    for question_id, code_id, answer_id, author_id in candidates:
        key = (question_id, code_id)
        picked = chosen.setdefault(key, [])
        seen = authors.setdefault(key, set())
        if len(picked) >= QUOTES_PER_CODE or author_id in seen or answer_id in picked:
            continue
        picked.append(answer_id)
        seen.add(author_id)
    texts = {
        row["id"]: row
        for row in Answer.objects.filter(
            pk__in=[pk for ids in chosen.values() for pk in ids]
        ).values("id", "question_id", "language", "display_name", "body")
    }
    return {
        key: [
            {
                "id": pk,
                "question_id": texts[pk]["question_id"],
                "language": texts[pk]["language"],
                "display_name": texts[pk]["display_name"],
                "body": texts[pk]["body"],
            }
            for pk in ids
        ]
        for key, ids in chosen.items()
    }


def codes_of_id(consultation_id: int) -> list[Code]:
    return codes_of(Consultation(pk=consultation_id))
