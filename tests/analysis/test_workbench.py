"""The workbench as an analyst uses it: filters in the URL, bulk coding, notes, its cost."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from analysis import services
from analysis.models import Coding
from moderation.models import Status
from questions.models import Answer
from tests.analysis.factories import CodeFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return UserFactory(role="analyst", display_name="Ana")


@pytest.fixture
def question():
    return QuestionFactory()


@pytest.fixture
def signed_in(client, analyst):
    client.force_login(analyst)
    return client


def url(question, **params):
    base = reverse("analysis:question", kwargs={"pk": question.pk})
    if params:
        from urllib.parse import urlencode

        return f"{base}?{urlencode(params)}"
    return base


def test_filters_read_from_the_url(signed_in, question):
    AnswerFactory(question=question, language="fr", body="Le commerce d'abord.")
    AnswerFactory(question=question, language="en", body="Trade first, then aid.")
    AnswerFactory(question=question, language="en", body="Peacekeeping matters most.")

    page = signed_in.get(url(question, language="en", q="trade")).content.decode()
    assert "Trade first" in page
    assert "Peacekeeping" not in page and "commerce" not in page


def test_bulk_coding_of_the_selection_changes_exactly_those_answers(signed_in, analyst, question):
    answers = AnswerFactory.create_batch(5, question=question)
    code = CodeFactory(codebook__consultation=question.consultation)
    response = signed_in.post(
        url(question),
        {
            "code": code.pk,
            "action": "add",
            "scope": "selected",
            "answer": [answers[0].pk, answers[2].pk],
        },
    )
    assert response.status_code == 302
    assert set(Coding.objects.values_list("answer_id", flat=True)) == {answers[0].pk, answers[2].pk}


def test_bulk_coding_of_every_matching_answer(signed_in, question):
    french = AnswerFactory.create_batch(3, question=question, language="fr")
    AnswerFactory.create_batch(2, question=question, language="en")
    code = CodeFactory(codebook__consultation=question.consultation)
    signed_in.post(
        url(question),
        {"code": code.pk, "action": "add", "scope": "matching", "language": "fr"},
    )
    assert set(Coding.objects.values_list("answer_id", flat=True)) == {a.pk for a in french}

    # "Not yet coded" then shows only the others.
    page = signed_in.get(url(question, uncoded="on")).content.decode()
    assert page.count('name="answer"') == 2


def test_selecting_nothing_is_refused_with_a_message(signed_in, question):
    AnswerFactory(question=question)
    code = CodeFactory(codebook__consultation=question.consultation)
    response = signed_in.post(
        url(question), {"code": code.pk, "action": "add", "scope": "selected"}
    )
    assert response.status_code == 422
    assert "Select at least one answer" in response.content.decode()
    assert not Coding.objects.exists()


def test_a_note_is_saved_and_shown_to_its_author_only(client, signed_in, analyst, question):
    answer = AnswerFactory(question=question)
    response = signed_in.post(
        reverse("analysis:note", kwargs={"pk": answer.pk}), {"text": "Cites the 1997 treaty."}
    )
    assert response.status_code == 302
    assert "Cites the 1997 treaty." in signed_in.get(url(question)).content.decode()
    other = UserFactory(role="analyst")
    client.force_login(other)
    assert "Cites the 1997 treaty." not in client.get(url(question)).content.decode()


def test_french_workbench_path(signed_in, question):
    with translation.override("fr"):
        path = reverse("analysis:index")
    assert path == "/fr/personnel/analyse/"
    assert signed_in.get(path).status_code == 200


def _add_answers(question, count, start):
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"wb{start + n}@example.org", password="!", province="ON") for n in range(count)
    )
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(
            question=question,
            author=user,
            body=f"Answer {start + n} about trade and security.",
            language="en",
            consent_to_publish=True,
            status=Status.PUBLISHED,
            submitted_at=now,
            published_at=now,
        )
        for n, user in enumerate(users)
    )


def _queries(client, address):
    client.get(address)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context)


def test_the_list_runs_the_same_queries_for_10_or_2000_answers(signed_in, analyst, question):
    code = CodeFactory(codebook__consultation=question.consultation)
    _add_answers(question, 10, 0)
    ids = list(Answer.objects.values_list("pk", flat=True))
    services.coding_apply(analyst=analyst, code=code, question=question, answer_ids=ids[:5])
    address = url(question, province="ON")
    small = _queries(signed_in, address)

    _add_answers(question, 2000, 10)
    ids = list(Answer.objects.values_list("pk", flat=True))
    services.coding_apply(analyst=analyst, code=code, question=question, answer_ids=ids[::3])
    other = UserFactory(role="analyst")
    services.coding_apply(analyst=other, code=code, question=question, answer_ids=ids[::2])
    # Session, user, permissions, question, codes, analysts' progress, count, page,
    # its codings and notes: none of them grows with the answers.
    assert _queries(signed_in, address) == small
