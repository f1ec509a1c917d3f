"""Discussion questions in the site search, and published answers there following
"answer before you see others"."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from dialogue.models import Consultation, SearchEntry
from dialogue.search import search_entry_upsert
from dialogue.selectors import chapter_public_q

from .models import Answer, Question
from .selectors import answer_before_viewing_applies, questions_answered_by

if TYPE_CHECKING:
    from accounts.models import User

QUESTION_KIND = "question"


def questions_search_index(consultation: Consultation) -> None:
    """The questions of published chapters, each leading to its published answers."""
    SearchEntry.objects.filter(consultation=consultation, kind=QUESTION_KIND).delete()
    questions = list(
        Question.objects.filter(consultation=consultation).filter(chapter_public_q("chapter"))
    )
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for question in questions:
                search_entry_upsert(
                    consultation_id=consultation.pk,
                    kind=QUESTION_KIND,
                    object_id=question.pk,
                    language=language,
                    title=question.text,
                    body=f"{question.text}\n{question.help_text}",
                    url=reverse("questions:question_answers", kwargs={"pk": question.pk}),
                )


def questions_of_unpublished_chapters(
    entries: QuerySet[SearchEntry], *, consultation: Consultation, user: "User | AnonymousUser"
) -> QuerySet[SearchEntry]:
    """The questions of an unpublished chapter are found by nobody, even if they were
    indexed while the chapter was public."""
    hidden = Question.objects.filter(consultation=consultation).exclude(chapter_public_q("chapter"))
    return entries.exclude(kind=QUESTION_KIND, object_id__in=hidden.values("id"))


def answers_of_unpublished_chapters(
    entries: QuerySet[SearchEntry], *, consultation: Consultation, user: "User | AnonymousUser"
) -> QuerySet[SearchEntry]:
    """Answers to the questions of an unpublished chapter are found by nobody.

    The questions are looked up first (a handful, usually none): a subquery over the
    answers themselves would read them all on every search."""
    hidden_questions = list(
        Question.objects.filter(consultation=consultation)
        .exclude(chapter_public_q("chapter"))
        .values_list("pk", flat=True)
    )
    if not hidden_questions:
        return entries
    hidden = Answer.objects.filter(question_id__in=hidden_questions)
    return entries.exclude(kind="answer", object_id__in=hidden.values("id"))


def answers_hidden_until_own(
    entries: QuerySet[SearchEntry], *, consultation: Consultation, user: "User | AnonymousUser"
) -> QuerySet[SearchEntry]:
    """ "Answer before you see others" in the search (the rule is in questions.selectors):
    anonymous readers find no answers and participants only those to questions they
    have answered."""
    if not answer_before_viewing_applies(consultation, user):
        return entries
    if not user.is_authenticated:
        return entries.exclude(kind="answer")
    hidden = Answer.objects.filter(question__consultation=consultation).exclude(
        question_id__in=questions_answered_by(user)
    )
    return entries.exclude(kind="answer", object_id__in=hidden.values("id"))
