"""Parts of the report staff write: both languages, side by side, publishing blocked."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports import authored
from reports.models import ReportText, RunState, TextKind
from reports.services import report_run_publish, report_run_start
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pdf")]


@pytest.fixture
def question():
    return QuestionFactory()


@pytest.fixture
def run(question, staff, django_capture_on_commit_callbacks):
    AnswerFactory(question=question, body="Peacekeeping missions matter to Canada.")
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    return run


def _save(consultation, key, *, en, fr, signature_en="", signature_fr=""):
    part = authored.text_part(consultation=consultation, key=key)
    return authored.report_text_save(
        consultation=consultation,
        part=part,
        body_en=en,
        body_fr=fr,
        signature_en=signature_en,
        signature_fr=signature_fr,
    )


def test_a_part_missing_french_blocks_publishing(run, staff):
    _save(run.consultation, "summary", en="We heard from many people.", fr="")
    with pytest.raises(ValidationError) as error:
        report_run_publish(run=run, by=staff)
    assert "Executive summary" in error.value.messages[0]
    assert "French missing" in error.value.messages[0]
    run.refresh_from_db()
    assert not run.published

    _save(
        run.consultation,
        "summary",
        en="We heard from many people.",
        fr="Nous avons entendu beaucoup de gens.",
    )
    assert report_run_publish(run=run, by=staff).published


def test_an_unsigned_french_foreword_blocks_publishing(run, staff):
    _save(
        run.consultation,
        "foreword",
        en="Thank you.",
        fr="Merci.",
        signature_en="The Minister",
        signature_fr="",
    )
    with pytest.raises(ValidationError):
        report_run_publish(run=run, by=staff)


def test_a_question_introduction_missing_english_blocks_publishing(run, question, staff):
    _save(run.consultation, f"question-{question.pk}", en="", fr="Nous avons entendu…")
    with pytest.raises(ValidationError, match="English missing"):
        report_run_publish(run=run, by=staff)


def test_parts_list_in_report_order_with_their_status(question):
    consultation = question.consultation
    _save(consultation, "foreword", en="Hello", fr="", signature_en="A. Person")
    parts = authored.text_parts(consultation=consultation)
    assert [part.key for part in parts] == [
        "foreword",
        "summary",
        "method",
        f"question-{question.pk}",
        "next-steps",
    ]
    assert parts[0].status == authored.Status.MISSING_FR
    assert parts[1].status == authored.Status.EMPTY


def test_staff_edit_a_part_side_by_side_and_see_its_status(client, staff, question):
    client.force_login(staff)
    url = reverse("reports:text_edit", kwargs={"key": "foreword"})
    page = client.get(url).content.decode()
    assert 'lang="en"' in page and 'lang="fr"' in page and "side-by-side" in page
    response = client.post(
        url,
        {
            "body_en": "We thank everyone who took part.",
            "body_fr": "Nous remercions toutes les personnes qui ont participé.",
            "signature_en": "The Minister of Global Affairs Dialogue",
            "signature_fr": "La ministre du Dialogue sur les affaires mondiales",
        },
    )
    assert response.status_code == 302
    text = ReportText.objects.get(consultation=question.consultation, kind=TextKind.FOREWORD)
    assert text.signature_fr.startswith("La ministre")
    listing = client.get(reverse("reports:staff_texts")).content.decode()
    assert "Both languages" in listing


def test_an_unknown_part_is_not_found(client, staff, question):
    client.force_login(staff)
    assert (
        client.get(reverse("reports:text_edit", kwargs={"key": "question-999999"})).status_code
        == 404
    )


def test_the_method_has_an_editable_default_in_both_languages(client, staff, question):
    client.force_login(staff)
    page = client.get(reverse("reports:text_edit", kwargs={"key": "method"})).content.decode()
    assert "chose themselves" in page
    assert "fewer than 5" in page
    french = authored.method_default(consultation=question.consultation, language="fr")
    assert "moins de 5" in french


def test_authored_parts_appear_in_the_report_in_order(
    question, staff, django_capture_on_commit_callbacks
):
    consultation = question.consultation
    AnswerFactory(question=question, body="Peacekeeping missions matter to Canada.")
    _save(
        consultation,
        "foreword",
        en="FOREWORD-EN",
        fr="AVANT-PROPOS-FR",
        signature_en="Signed EN",
        signature_fr="Signé FR",
    )
    _save(consultation, "summary", en="SUMMARY-EN", fr="SOMMAIRE-FR")
    _save(consultation, f"question-{question.pk}", en="INTRO-EN", fr="INTRO-FR")
    _save(consultation, "next-steps", en="NEXT-EN", fr="SUITE-FR")
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(consultation=consultation, requested_by=staff, cutoff=timezone.now())
    run = report_run_publish(run=run, by=staff)
    from reports.services import published_report_body

    english = published_report_body(run, language="en")
    positions = [
        english.index(marker)
        for marker in (
            "FOREWORD-EN",
            "Signed EN",
            "SUMMARY-EN",
            "chose themselves",
            "INTRO-EN",
            "NEXT-EN",
        )
    ]
    assert positions == sorted(positions)
    french = published_report_body(run, language="fr")
    assert "AVANT-PROPOS-FR" in french and "SUITE-FR" in french and "FOREWORD-EN" not in french
