"""Claiming batches: reserved for one moderator, expiring on their own, never shared;
a second decision on the same item changes nothing and says who decided first."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from moderation import services
from moderation.models import Claim, ModerationDecision, Status
from moderation.queue import QueueFilters
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def pending(question, n):
    return [
        AnswerFactory(
            question=QuestionFactory(chapter=question.chapter),
            status=Status.PENDING,
            submitted_at=timezone.now() - datetime.timedelta(minutes=100 - i),
        )
        for i in range(n)
    ]


def shown(client, query=""):
    page = client.get(f"/en/moderation/?{query}").content.decode()
    return re.findall(r'name="items" value="([a-z]+:\d+)"', page), page


@pytest.fixture
def two(db):
    first, second = UserFactory(role="moderator"), UserFactory(role="moderator")
    clients = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return first, second, clients


def test_a_claimed_batch_is_hidden_from_other_moderators(two, question):
    _first, second, (a, b) = two
    answers = pending(question, 25)
    response = a.post("/en/moderation/claim/", {"language": "en"}, follow=True)
    page = response.content.decode()
    assert "You hold 20 items for 10 minutes" in page
    assert response.redirect_chain[-1][0] == "/en/moderation/?language=en&mine=on"
    mine, page = shown(a, "mine=on")
    assert mine == [f"answer:{x.pk}" for x in answers[:20]]
    assert page.count("Claimed by you until") == 20
    # The second moderator sees only the five nobody holds, and claims those.
    theirs, _page = shown(b)
    assert theirs == [f"answer:{x.pk}" for x in answers[20:]]
    b.post("/en/moderation/claim/", {})
    assert Claim.objects.filter(moderator=second).count() == 5
    assert shown(b)[0] == theirs and shown(a)[0] == mine


def test_a_moderator_cannot_decide_an_item_someone_else_holds(two, question):
    first, _second, (a, b) = two
    [answer] = pending(question, 1)
    a.post("/en/moderation/claim/", {})
    response = b.post(
        "/en/moderation/decide/",
        {"key": f"answer:{answer.pk}", "action": "publish", "expected_status": "pending"},
        follow=True,
    )
    assert f"{first.email} is working on this item until" in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == Status.PENDING
    # The holder decides; the decision ends the claim.
    a.post("/en/moderation/decide/", {"key": f"answer:{answer.pk}", "action": "publish"})
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED and not Claim.objects.exists()


def test_claims_expire_on_their_own_and_can_be_given_back(two, question):
    first, second, (a, b) = two
    answers = pending(question, 3)
    long_ago = timezone.now() - datetime.timedelta(minutes=services.CLAIM_MINUTES + 1)
    services.batch_claim(moderator=first, filters=QueueFilters(), now=long_ago)
    assert Claim.objects.filter(moderator=first).count() == 3
    # Expired: everyone sees the items again and may take them.
    assert len(shown(b)[0]) == 3
    services.batch_claim(moderator=second, filters=QueueFilters(), size=2)
    assert set(Claim.objects.values_list("moderator_id", flat=True)) == {second.pk}
    assert shown(a)[0] == [f"answer:{answers[2].pk}"]
    response = b.post("/en/moderation/release/", follow=True)
    assert "2 items given back to the queue." in response.content.decode()
    assert len(shown(a)[0]) == 3


def test_a_second_decision_on_the_same_item_changes_nothing(two, question):
    first, _second, (a, b) = two
    [answer] = pending(question, 1)
    seen = {"key": f"answer:{answer.pk}", "expected_status": "pending"}
    a.post("/en/moderation/decide/", {**seen, "action": "publish"})
    response = b.post(
        "/en/moderation/decide/", {**seen, "action": "hide", "reason": "spam"}, follow=True
    )
    assert f"Already decided by {first.email}: “Published”. Nothing was changed." in (
        response.content.decode()
    )
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED
    assert ModerationDecision.objects.filter(moderator__isnull=False).count() == 1


def _at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_record_one_decision(two):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    first, _second, (a, b) = two
    question = QuestionFactory()
    [answer] = pending(question, 1)
    seen = {"key": f"answer:{answer.pk}", "expected_status": "pending"}
    pages = _at_once(
        lambda: a.post("/en/moderation/decide/", {**seen, "action": "publish"}, follow=True),
        lambda: b.post(
            "/en/moderation/decide/", {**seen, "action": "reject", "reason": "spam"}, follow=True
        ),
    )
    decisions = ModerationDecision.objects.filter(moderator__isnull=False)
    assert decisions.count() == 1
    winner = decisions.get()
    answer.refresh_from_db()
    assert answer.status == winner.to_status
    loser_page = pages[1 if winner.moderator == first else 0].content.decode()
    assert f"Already decided by {winner.moderator.email}" in loser_page
    assert "Nothing was changed." in loser_page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_moderators_claiming_at_once_never_share_an_item(two):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    first, second, (a, b) = two
    question = QuestionFactory()
    pending(question, 30)
    _at_once(
        lambda: a.post("/en/moderation/claim/", {}),
        lambda: b.post("/en/moderation/claim/", {}),
    )
    held = {
        user: set(Claim.objects.filter(moderator=user).values_list("target_id", flat=True))
        for user in (first, second)
    }
    assert not held[first] & held[second]
    assert len(held[first]) + len(held[second]) == 30
    assert max(len(ids) for ids in held.values()) == 20
