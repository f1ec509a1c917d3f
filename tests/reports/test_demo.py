"""The demo's closed consultation: hundreds of answers and a report written in both languages."""

import pytest
from django.core.management import call_command

from dialogue.models import Consultation, ConsultationState
from questions.models import Answer
from reports.authored import publishing_texts_check
from reports.demo import SLUG
from reports.models import TextKind

pytestmark = pytest.mark.django_db


def test_load_demo_adds_a_closed_consultation_with_a_written_report_and_keeps_the_dialogue(
    settings,
):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    current = Consultation.objects.get(is_current=True)
    closed = Consultation.objects.get(slug_en=SLUG)
    assert current.pk != closed.pk
    assert closed.state == ConsultationState.CLOSED
    answers = Answer.objects.filter(question__consultation=closed)
    assert answers.count() >= 500
    # Enough published answers per question that figures are real numbers, not "fewer than 5".
    for question in closed.questions.all():
        assert answers.filter(question=question, status="published").count() >= 50
    kinds = set(closed.report_texts.values_list("kind", flat=True))
    assert {TextKind.FOREWORD, TextKind.SUMMARY, TextKind.NEXT_STEPS} <= kinds
    publishing_texts_check(consultation=closed)  # every written part has both languages

    call_command("load_demo", verbosity=0)
    assert Consultation.objects.get(is_current=True).pk == current.pk
    assert Answer.objects.filter(question__consultation=closed).count() == answers.count()
