"""Reads for Answer Questions and View Answers. Joins are declared here so that a
page runs the same number of queries with ten answers or ten thousand."""

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import translation

from config.generation import COUNTS_SECONDS, cached_for_generation
from dialogue.models import Chapter, Consultation
from dialogue.selectors import chapter_public_q, chapters_public
from moderation.models import Status
from moderation.selectors import decisions_about

from .models import Answer, Question

if TYPE_CHECKING:
    from accounts.models import User

# What a reader may see: published by a moderator (or at once, under
# post-moderation) and published with the author's consent.
PUBLIC = Q(status=Status.PUBLISHED, consent_to_publish=True)
# The statuses in which the author has handed their answer in.
SUBMITTED = {Status.PENDING, Status.PUBLISHED, Status.REJECTED, Status.HIDDEN}
# What the author kept or took back: the site tells them nobody else can see it.
PRIVATE = {Status.DRAFT, Status.WITHDRAWN}

privacy_log = logging.getLogger("questions.private_answers")


def answers_for_staff(
    user: "User | AnonymousUser", answers: QuerySet[Answer] | None = None
) -> QuerySet[Answer]:
    """The answers `user` may read behind the scenes (admin): everything handed in;
    drafts and withdrawn answers only for a superuser, each reading logged
    (`private_answer_read_log`)."""
    answers = Answer.objects.all() if answers is None else answers
    if not user.is_superuser:
        answers = answers.exclude(status__in=PRIVATE)
    return answers


def private_answer_read_log(user: "User | AnonymousUser", answer: Answer) -> None:
    """Leave a trace when a superuser opens an answer its author has not handed in."""
    if answer.status in PRIVATE:
        privacy_log.warning(
            "Superuser %s (id %s) read %s answer %s of user id %s",
            user.get_username(),
            user.pk,
            answer.status,
            answer.pk,
            answer.author_id,
        )


def public_answers() -> QuerySet[Answer]:
    """Answers a reader may see: public, to a question of a published chapter."""
    return Answer.objects.filter(PUBLIC).filter(chapter_public_q("question__chapter"))


def question_get(consultation: Consultation, pk: int) -> Question:
    """A question of `consultation` in a published chapter, or 404."""
    question = (
        Question.objects.filter(chapter_public_q("chapter"), consultation=consultation, pk=pk)
        .select_related("chapter", "consultation")
        .first()
    )
    if question is None:
        raise Http404
    return question


def chapters_with_questions(
    consultation: Consultation, *, with_counts: bool = False
) -> list[Chapter]:
    """Published chapters of `consultation` holding at least one question, each with its
    questions prefetched; `with_counts` sets `public_count`, `public_count_en` and
    `public_count_fr` on every question (one grouped query over the public answers'
    index, cached until the content generation moves)."""
    questions = Question.objects.filter(consultation=consultation).order_by("order", "id")
    chapters = list(
        chapters_public(consultation)
        .filter(questions__isnull=False)
        .distinct()
        .order_by("order", "id")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    if with_counts:
        question_ids = [question.pk for chapter in chapters for question in chapter.questions.all()]
        counts = public_counts(question_ids)
        for chapter in chapters:
            for question in chapter.questions.all():
                by_language = counts.get(question.pk, {})
                question.public_count_en = by_language.get("en", 0)  # type: ignore[attr-defined]  # shown by the template
                question.public_count_fr = by_language.get("fr", 0)  # type: ignore[attr-defined]  # shown by the template
                question.public_count = sum(by_language.values())  # type: ignore[attr-defined]  # shown by the template
    return chapters


def public_counts(question_ids: list[int]) -> dict[int, dict[str, int]]:
    """{question_id: {language: published answers}} for these questions.

    Counted from the partial index of public answers (`answer_public_by_question_lang`)
    without touching the answers themselves, and kept until something is published,
    hidden or edited (config/generation.py)."""

    def compute() -> dict[int, dict[str, int]]:
        counts: dict[int, dict[str, int]] = {}
        rows = (
            Answer.objects.filter(PUBLIC, question_id__in=question_ids)
            .order_by()
            .values_list("question_id", "language")
            .annotate(n=Count("*"))
        )
        for question_id, language, n in rows:
            counts.setdefault(question_id, {})[language] = n
        return counts

    # A digest keeps the key short however many questions the consultation has.
    ids = ",".join(str(pk) for pk in sorted(question_ids))
    key = "answer-counts:" + hashlib.sha256(ids.encode()).hexdigest()
    return cached_for_generation(key, compute, COUNTS_SECONDS)


def own_answers_by_question(
    user: "User | AnonymousUser", consultation: Consultation
) -> dict[int, Answer]:
    """{question_id: Answer} for the questions of `consultation` that `user` answered."""
    if not user.is_authenticated:
        return {}
    answers = Answer.objects.filter(author=user, question__consultation=consultation).only(
        "id", "question_id", "status", "reason", "moderator_note", "consent_to_publish"
    )
    return {answer.question_id: answer for answer in answers}


def own_answer(user: "User", question: Question) -> Answer | None:
    return Answer.objects.filter(author=user, question=question).first()


def answers_of_question(
    question: Question, *, language: str = "", oldest_first: bool = False
) -> QuerySet[Answer]:
    """The public answers of one question (already known to be in a published chapter,
    `question_get`), newest (or oldest) first; for `config.pagination.IdPaginator`, which
    walks the partial index `answer_public_by_question[_lang]` for a page's ids."""
    answers = Answer.objects.filter(PUBLIC, question=question)
    if language:
        answers = answers.filter(language=language)
    order = ["published_at", "id"] if oldest_first else ["-published_at", "-id"]
    return answers.order_by(*order).only(
        "id",
        "question_id",
        "body",
        "language",
        "display_name",
        "featured",
        "published_at",
        "status",
        "consent_to_publish",
    )


# "Answer before you see others": while the consultation's option is on and it is open,
# a question's published answers are hidden from a reader until the reader has handed
# in an answer of their own to it. Moderators and staff always see them; anonymous
# readers never do; once the consultation closes everyone does. View Answers
# (`answers_hidden_until_own`) and the site search (questions.search_filters) both
# apply this rule through the two functions below.


def answer_before_viewing_applies(consultation: Consultation, user: "User | AnonymousUser") -> bool:
    """Whether the rule hides anything from `user` now (no query for a reader who is
    not signed in)."""
    if not consultation.answer_before_viewing or consultation.has_closed:
        return False
    return not (user.is_authenticated and user.has_perm("accounts.moderate_content"))


def questions_answered_by(user: "User") -> QuerySet[Answer, int]:
    """The ids of the questions `user` handed in an answer to: the
    questions whose answers the rule shows them."""
    return Answer.objects.filter(author=user, status__in=SUBMITTED).values_list(
        "question_id", flat=True
    )


def answers_hidden_until_own(question: Question, user: "User | AnonymousUser") -> bool:
    """True when "answer before you see others" hides this question's answers from
    `user` for now."""
    if not answer_before_viewing_applies(question.consultation, user):
        return False
    if not user.is_authenticated:
        return True
    return not questions_answered_by(user).filter(question=question).exists()


def question_text_in(question: Question, language: str) -> str:
    """The question as it reads in `language` (falls back like modeltranslation does)."""
    with translation.override(language):
        return question.text


def answers_for_export(user: "User") -> list[dict[str, Any]]:
    """Everything `user` wrote, for their own-data download (unmasked: it is theirs)."""
    answers = list(Answer.objects.filter(author=user).select_related("question").order_by("id"))
    decisions = decisions_about(Answer, [answer.pk for answer in answers])
    return [
        {
            "question": question_text_in(answer.question, answer.language),
            "question_id": answer.question_id,
            "answer": answer.body,
            "language": answer.language,
            "status": answer.status,
            "reason": answer.reason,
            "consent_to_publish": answer.consent_to_publish,
            "display_name": answer.display_name,
            "featured": answer.featured,
            "created_at": answer.created_at.isoformat(),
            "updated_at": answer.updated_at.isoformat(),
            "submitted_at": answer.submitted_at.isoformat() if answer.submitted_at else None,
            "published_at": answer.published_at.isoformat() if answer.published_at else None,
            "moderation": decisions.get(answer.pk, []),
        }
        for answer in answers
    ]
