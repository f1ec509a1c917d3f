"""The report quotes the coding: one or two consented, published answers per code,
never two from one author, each linked to the answer's public page."""

import pytest
from django.utils import timezone

from analysis import services
from moderation.models import Status
from reports.document import report_html
from reports.models import ReportRun
from reports.selectors import figures_compute, report_questions
from tests.analysis.factories import CodeFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory


@pytest.mark.django_db
def test_quotes_per_code_are_consented_published_and_of_distinct_authors() -> None:
    question = QuestionFactory()
    other_question = QuestionFactory(consultation=question.consultation)
    analyst = UserFactory(role="analyst")
    code = CodeFactory(codebook__consultation=question.consultation, label_en="Human rights")
    author = UserFactory()
    private = AnswerFactory(question=question, consent_to_publish=False, body="Secret view.")
    hidden = AnswerFactory(question=question, body="Pending view.")
    anonymised = [
        AnswerFactory(question=question, author=None, body=f"Unknown view {n}.") for n in range(2)
    ]
    mine = AnswerFactory(question=question, author=author, body="My quoted view.")
    AnswerFactory(question=other_question, author=author, body="Elsewhere.")
    ids = [private.pk, hidden.pk, *[a.pk for a in anonymised], mine.pk]
    services.coding_apply(analyst=analyst, code=code, question=question, answer_ids=ids)
    hidden.status = Status.PENDING  # taken back for moderation after it was coded
    hidden.save(update_fields=["status"])

    figures = figures_compute(consultation=question.consultation, cutoff=timezone.now())
    quotes = figures["coding"]["questions"][str(question.pk)]["quotes"][str(code.pk)]
    assert [quote["id"] for quote in quotes] == [anonymised[0].pk, mine.pk]

    run = ReportRun(consultation=question.consultation, cutoff=timezone.now())
    questions = list(report_questions(consultation=question.consultation))
    for language in ("en", "fr"):
        html = report_html(
            run=run, language=language, questions=questions, figures=figures, parts={}
        )
        assert "My quoted view." in html
        assert "Secret view." not in html
        assert "Pending view." not in html
        assert "Unknown view 1." not in html  # a second answer of an unknown author
        assert f"/{question.pk}/#answer-{mine.pk}" in html
        assert f'href="/{language}/' in html


@pytest.mark.django_db
def test_a_non_consenting_coded_answer_is_never_quoted() -> None:
    question = QuestionFactory()
    analyst = UserFactory(role="analyst")
    code = CodeFactory(codebook__consultation=question.consultation)
    answers = [
        AnswerFactory(question=question, consent_to_publish=False, body=f"Private {n}.")
        for n in range(3)
    ]
    services.coding_apply(
        analyst=analyst, code=code, question=question, answer_ids=[a.pk for a in answers]
    )
    figures = figures_compute(consultation=question.consultation, cutoff=timezone.now())
    assert figures["coding"]["questions"][str(question.pk)]["quotes"] == {}
    run = ReportRun(consultation=question.consultation, cutoff=timezone.now())
    questions = list(report_questions(consultation=question.consultation))
    html = report_html(run=run, language="en", questions=questions, figures=figures, parts={})
    assert "Private" not in html
    assert "In their words:" not in html
