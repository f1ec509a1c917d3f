"""Discussion questions in the site search, and published answers there following
"answer before you see others"."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from dialogue.models import Consultation, SearchEntry
from dialogue.search import search_entry_upsert, search_indexer, search_visibility_filter
from dialogue.selectors import chapter_public_q

from .models import Answer, Question
from .selectors import SUBMITTED

QUESTION_KIND = "question"


@search_indexer
def questions_search_index(consultation: object) -> None:
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


@search_visibility_filter
def questions_of_unpublished_chapters(
    entries: QuerySet[SearchEntry], *, consultation: Consultation, user: AbstractBaseUser
) -> QuerySet[SearchEntry]:
    """The questions of an unpublished chapter are found by nobody, even if they were
    indexed while the chapter was public."""
    hidden = Question.objects.filter(consultation=consultation).exclude(chapter_public_q("chapter"))
    return entries.exclude(kind=QUESTION_KIND, object_id__in=hidden.values("id"))


@search_visibility_filter
def answers_of_unpublished_chapters(
    entries: QuerySet[SearchEntry], *, consultation: Consultation, user: AbstractBaseUser
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


@search_visibility_filter
def answers_hidden_until_own(entries, *, consultation, user):
    """The same rule as View Answers: while the option is on and the consultation open,
    anonymous readers find no answers and participants only those to questions they
    have answered; moderators and staff find all."""
    if not consultation.answer_before_viewing or consultation.has_closed:
        return entries
    if user.is_authenticated and user.has_perm("accounts.moderate_content"):
        return entries
    if not user.is_authenticated:
        return entries.exclude(kind="answer")
    answered = Answer.objects.filter(author=user, status__in=SUBMITTED).values("question_id")
    hidden = Answer.objects.filter(question__consultation=consultation).exclude(
        question_id__in=answered
    )
    return entries.exclude(kind="answer", object_id__in=hidden.values("id"))
