"""Quotes: only consented published answers, one per person, a varied default set."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from moderation.models import Status
from reports import quotes
from reports.models import QuotePick, ReportPart
from reports.outputs import run_folder
from reports.services import report_run_start
from tests.factories import UserFactory
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pdf")]

LONG = " It matters for our trade, our security and the people we help abroad."


@pytest.fixture
def question():
    return QuestionFactory()


def test_only_consented_published_answers_can_be_picked(question):
    private = AnswerFactory(question=question, consent_to_publish=False)
    pending = AnswerFactory(question=question, status=Status.PENDING)
    for answer in (private, pending):
        with pytest.raises(ValidationError):
            quotes.quote_pick(question=question, answer_id=answer.pk)
    assert quotes.quote_candidates(question=question) == []


def test_the_same_person_is_never_picked_twice(question):
    person = UserFactory()
    other_question = QuestionFactory(chapter=question.chapter, consultation=question.consultation)
    first = AnswerFactory(question=question, author=person)
    second = AnswerFactory(question=other_question, author=person)
    quotes.quote_pick(question=question, answer_id=first.pk)
    with pytest.raises(ValidationError, match="once at most"):
        quotes.quote_pick(question=other_question, answer_id=second.pk)


def test_the_default_set_is_varied_and_deterministic(question):
    english = [AnswerFactory(question=question, body=f"Peacekeeping {n}." + LONG) for n in range(4)]
    french = AnswerFactory(
        question=question, language="fr", body="Le maintien de la paix compte." + LONG
    )
    proposed = quotes.proposed_quotes(question=question)
    assert len(proposed) == quotes.QUOTES_PER_QUESTION
    assert french.pk in [quote["id"] for quote in proposed]
    assert english[0].pk in [quote["id"] for quote in proposed]
    assert len({quote["author"] for quote in proposed}) == len(proposed)
    assert quotes.proposed_quotes(question=question) == proposed


def test_a_run_never_quotes_unconsented_unpublished_or_one_person_twice(
    question, staff, django_capture_on_commit_callbacks
):
    person = UserFactory()
    other_question = QuestionFactory(chapter=question.chapter, consultation=question.consultation)
    AnswerFactory(question=question, author=person, body="Mine, first question." + LONG)
    AnswerFactory(question=other_question, author=person, body="Mine, second question." + LONG)
    AnswerFactory(question=question, consent_to_publish=False, body="Do not quote me." + LONG)
    AnswerFactory(question=question, status=Status.PENDING, body="Not yet published." + LONG)
    AnswerFactory(question=other_question, body="Someone else entirely." + LONG)
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run.refresh_from_db()
    html = (run_folder(run.pk) / "report-en.html").read_text(encoding="utf-8")
    assert "Do not quote me" not in html and "Not yet published" not in html
    assert html.count("Mine, ") == 1
    assert "Someone else entirely" in html
    assert ReportPart.objects.filter(run=run).count() == 2


def test_staff_search_and_pick_in_the_picker(client, staff, question):
    AnswerFactory(question=question, body="Development aid builds trust." + LONG)
    wanted = AnswerFactory(question=question, body="Peacekeeping missions save lives." + LONG)
    client.force_login(staff)
    url = reverse("reports:quote_picker", kwargs={"question_id": question.pk})
    page = client.get(url, {"q": "peacekeeping"}).content.decode()
    assert "save lives" in page and "builds trust" not in page.split("search-heading")[1]
    assert client.post(url, {"answer": wanted.pk}).status_code == 302
    assert QuotePick.objects.filter(question=question, answer=wanted).exists()
