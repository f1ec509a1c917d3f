"""Decision and reply e-mails through real failures: counted at the SMTP sink, none
lost and none sent twice, once the failing service is back (the outbox's promise)."""

import time
from collections import Counter

import pytest

from tests.faults.harness import wait_for

pytestmark = pytest.mark.faults

# Long enough for the outbox's retries and its periodic re-queueing to catch up.
DELIVERY_WAIT = 150
# After the expected e-mails are in, how long a late duplicate is given to show up.
SETTLE = 3


def _recipients(portal) -> Counter[str]:
    return Counter(m["X-Envelope-To"] for m in portal.smtp.messages())


def _answers_waiting(portal, people, participant_answer) -> list[str]:
    """Each person submits one answer; the queue keys of those answers."""
    keys = []
    for person in people:
        write = participant_answer(person)
        assert write.acknowledged
        (pk,) = portal.sql(
            "SELECT id FROM questions_answer WHERE body LIKE %s", f"%[{write.token}]%"
        )[0]
        keys.append(f"answer:{pk}")
    return keys


def _expect_one_each(portal, before: Counter[str], emails: list[str]) -> None:
    def delivered() -> bool:
        now = _recipients(portal)
        return all(now[e] - before[e] >= 1 for e in emails)

    wait_for(delivered, timeout=DELIVERY_WAIT, what="every e-mail at the SMTP sink")
    time.sleep(SETTLE)
    now = _recipients(portal)
    assert {e: now[e] - before[e] for e in emails} == dict.fromkeys(emails, 1)


def _decisions_through(portal, participant, moderator, fault, *, pause: float = 5) -> None:
    people = [participant() for _ in range(3)]
    question = portal.seeded["questions"][0]
    keys = _answers_waiting(portal, people, lambda p: p.answer(question))
    before = _recipients(portal)
    with fault():
        for key in keys:
            assert moderator.decide(key).acknowledged
        time.sleep(pause)  # the worker takes the e-mails while the fault lasts
    _expect_one_each(portal, before, [p.email for p in people])


def test_decision_emails_arrive_once_after_the_mail_server_refused(
    live_portal, participant, moderator
):
    from contextlib import contextmanager

    @contextmanager
    def refusing():
        live_portal.smtp.refuse(True)
        try:
            yield
        finally:
            live_portal.smtp.refuse(False)

    _decisions_through(live_portal, participant, moderator, refusing)


def test_decision_emails_arrive_once_after_redis_restarts_empty(
    live_portal, participant, moderator
):
    _decisions_through(live_portal, participant, moderator, lambda: live_portal.down("redis"))


def test_decision_emails_arrive_once_after_the_mail_server_was_down(
    live_portal, participant, moderator
):
    _decisions_through(live_portal, participant, moderator, lambda: live_portal.down("smtp"))


def test_decision_emails_arrive_once_across_a_postgres_restart(live_portal, participant, moderator):
    from contextlib import contextmanager

    @contextmanager
    def restart_after():
        yield
        live_portal.postgres.restart("fast")  # while the e-mails are being sent

    _decisions_through(live_portal, participant, moderator, restart_after, pause=0)


def test_reply_notifications_arrive_once_after_the_mail_server_refused(live_portal, participant):
    author, replier = participant(), participant()
    thread = author.thread_create(live_portal.seeded["boards"][0])
    assert thread.acknowledged
    (thread_id,) = live_portal.sql(
        "SELECT thread_id FROM forum_post WHERE body LIKE %s", f"%[{thread.token}]%"
    )[0]
    before = _recipients(live_portal)
    live_portal.smtp.refuse(True)
    try:
        assert replier.reply(thread_id).acknowledged
        time.sleep(5)
    finally:
        live_portal.smtp.refuse(False)
    _expect_one_each(live_portal, before, [author.email])
