"""The demo's closed consultation: hundreds of answers and a report written in both languages."""

import pytest
from django.core.management import call_command

from dialogue.models import Consultation, ConsultationState
from questions.models import Answer
from reports.authored import publishing_texts_check
from reports.demo import SLUG
from reports.models import ReportRun, TextKind

pytestmark = pytest.mark.django_db


def test_load_demo_adds_a_closed_consultation_with_a_written_report_and_keeps_the_dialogue(
    settings,
):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    current = Consultation.objects.get(is_current=True)
    closed = Consultation.objects.get(slug_en=SLUG)
    assert current.pk != closed.pk
    # Its report is run and published, at its own address in both languages.
    assert closed.state == ConsultationState.REPORTED
    assert ReportRun.objects.filter(consultation=closed, published=True).count() == 1
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
    assert ReportRun.objects.filter(consultation=closed).count() == 1
    assert Answer.objects.filter(question__consultation=closed).count() == answers.count()


def test_the_demo_report_reads_like_a_real_one_at_its_address(client, settings):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    listing = client.get("/en/report/").content.decode()
    assert 'href="/en/report/trade-and-aid-2025/"' in listing
    english = client.get("/en/report/trade-and-aid-2025/").content.decode()
    assert "Foreword" in english and "Executive summary" in english
    assert "fewer than" not in english.split("Who took part", 1)[1][:400]
    french = client.get("/fr/rapport/commerce-et-aide-2025/").content.decode()
    assert "Avant-propos" in french and "Commerce et aide à l&#x27;étranger" in french
