""" "Answer before you see others" is one rule: View Answers and the site search agree
for every kind of reader and every state of the consultation."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from dialogue.models import ConsultationState
from dialogue.search import search
from moderation.models import Status
from questions.selectors import answers_hidden_until_own
from questions.services import answer_search_sync
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

WORD = "zanzibarian"


def _found_by_search(consultation, user) -> bool:
    results = search(consultation=consultation, language="en", query=WORD, user=user)
    return any(result["kind"] == "answer" for result in results)


@pytest.mark.parametrize("option", [True, False])
@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize(
    "reader", ["anonymous", "participant", "answered", "drafted", "moderator", "staff"]
)
def test_view_answers_and_search_hide_the_same_answers(option, closed, reader) -> None:
    now = timezone.now()
    consultation = ConsultationFactory(
        answer_before_viewing=option,
        **(
            {
                "state": ConsultationState.CLOSED,
                "opens_at": now - datetime.timedelta(days=60),
                "closes_at": now - datetime.timedelta(days=1),
            }
            if closed
            else {}
        ),
    )
    question = QuestionFactory(
        consultation=consultation, chapter=ChapterFactory(consultation=consultation)
    )
    answer_search_sync(AnswerFactory(question=question, body=f"A {WORD} answer."))
    user: Any = {
        "anonymous": AnonymousUser(),
        "moderator": UserFactory(role="moderator"),
        "staff": UserFactory(role="staff"),
    }.get(reader) or UserFactory()
    if reader == "answered":
        AnswerFactory(question=question, author=user, status=Status.PENDING, body="Mine.")
    if reader == "drafted":
        AnswerFactory(question=question, author=user, status=Status.DRAFT, body="Mine.")

    hidden = answers_hidden_until_own(question, user)
    assert _found_by_search(consultation, user) is not hidden
    expected = option and not closed and reader in ("anonymous", "participant", "drafted")
    assert hidden is expected
