"""Pace and consistency: decisions per hour, median wait, oldest waiting, reasons;
the header badge and the digest use the oldest waiting item."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from moderation import digest
from moderation.models import Reason, Status
from moderation.selectors import pace
from moderation.services import author_status_change, status_change
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def submitted(question, moment):
    answer = AnswerFactory(
        question=QuestionFactory(chapter=question.chapter), status=Status.DRAFT, submitted_at=moment
    )
    with at(moment):
        author_status_change(target=answer, to_status=Status.PENDING, author=answer.author)
    answer.save()
    return answer


def test_pace_counts_decisions_per_hour_median_wait_and_reasons(question):
    now = timezone.now()
    first, second = UserFactory(role="moderator"), UserFactory(role="moderator")
    a, b, c = (submitted(question, now - datetime.timedelta(minutes=m)) for m in (60, 30, 10))
    decide_at = now - datetime.timedelta(minutes=5)
    with at(decide_at):
        status_change(target=a, to_status=Status.PUBLISHED, moderator=first)
        status_change(target=b, to_status=Status.REJECTED, moderator=first, reason=Reason.SPAM)
        status_change(target=c, to_status=Status.HIDDEN, moderator=second, reason=Reason.SPAM)
    waiting = submitted(question, now - datetime.timedelta(hours=3))

    figures = pace(1, now)

    assert (figures.decisions, figures.per_hour) == (3, 3.0)
    assert [(row.moderator, row.decisions) for row in figures.moderators] == [
        (first, 2),
        (second, 1),
    ]
    assert figures.median_wait == datetime.timedelta(minutes=25)  # waits of 55, 25 and 5
    assert abs(figures.oldest_waiting - waiting.submitted_at) < datetime.timedelta(seconds=1)
    assert [(r.reason, r.count, r.percent) for r in figures.reasons] == [("spam", 2, 100)]
    assert pace(1, now + datetime.timedelta(hours=2)).decisions == 0


def test_pace_page_and_header_badge(client, moderator, question):
    submitted(question, timezone.now() - datetime.timedelta(hours=3))
    client.force_login(moderator)
    page = client.get("/en/moderation/pace/?hours=8").content.decode()
    assert "Last 8 hours" in page and "Median wait from submission to decision" in page
    assert "1 item waiting, oldest 3\xa0hours" in page
    assert client.get("/en/moderation/pace/?hours=nonsense").status_code == 200


def test_the_digest_counts_every_overdue_item_and_gives_the_oldest_age(
    question, settings, sent_mail
):
    settings.MODERATION_DIGEST_AFTER_HOURS = 24
    moderator = UserFactory(role="moderator", preferred_language="en")
    for _ in range(3):
        submitted(question, timezone.now() - datetime.timedelta(hours=30))
    submitted(question, timezone.now())  # not overdue
    with sent_mail():
        assert digest.digest_send() == 1
    [message] = mail.outbox
    assert message.to == [moderator.email]
    assert "3 items are waiting for moderation" in message.subject
    assert "for 30 hours" in message.body
