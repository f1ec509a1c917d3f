"""Each question's published answers in the site map."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dialogue.selectors import chapter_public_q

from .models import Question


def question_answer_pages(consultation):
    questions = Question.objects.filter(
        chapter_public_q("chapter"), consultation=consultation
    ).order_by("chapter__order", "order")
    return [
        (
            _("Answers to question %(number)s") % {"number": position},
            reverse("questions:question_answers", args=[question.pk]),
        )
        for position, question in enumerate(questions, start=1)
    ]
