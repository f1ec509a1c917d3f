"""Published answers in the site search follow "answer before you see others"."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from dialogue.models import Consultation, SearchEntry
from dialogue.search import search_visibility_filter
from dialogue.selectors import chapter_public_q

from .models import Answer
from .selectors import SUBMITTED


@search_visibility_filter
def answers_of_unpublished_chapters(
    entries: QuerySet[SearchEntry], *, consultation: Consultation, user: AbstractBaseUser
) -> QuerySet[SearchEntry]:
    """Answers to the questions of an unpublished chapter are found by nobody."""
    hidden = Answer.objects.filter(question__consultation=consultation).exclude(
        chapter_public_q("question__chapter")
    )
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
