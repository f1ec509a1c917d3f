"""The outbox: written with the change, sent after commit, retried, never lost, never doubled.

The mail server here is real (an aiosmtpd sink in this process) wherever its answers
matter. "Time passes" is shown by moving a row's `next_attempt_at` into the past, as
the clock would, instead of sleeping.
"""

import datetime
import logging
from typing import Any

import pytest
from django.utils import timezone

from outbox import services
from outbox.models import EmailStatus, OutboxEmail

pytestmark = pytest.mark.django_db

FAR_FUTURE = timezone.now() + datetime.timedelta(days=30)


def _enqueue(**overrides: Any) -> OutboxEmail:
    fields = {
        "to": "reader@example.org",
        "subject": "Your contribution is published",
        "body": "Thank you for taking part.",
        "language": "en",
    }
    email = services.email_enqueue(**(fields | overrides))
    assert email is not None
    return email


def _time_passes(email: OutboxEmail) -> None:
    """The row's next attempt (or its lease) is now in the past."""
    OutboxEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def _waits(email: OutboxEmail) -> datetime.timedelta:
    return email.next_attempt_at - timezone.now()


def test_an_email_leaves_after_commit_and_only_once_however_often_it_runs(sent_mail, mailoutbox):
    with sent_mail():
        email = _enqueue(html_body="<p>Thank you for taking part.</p>")
        assert mailoutbox == []  # nothing leaves before the decision is committed
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]
    assert message.alternatives[0].mimetype == "text/html"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1 and email.sent_at
    # The Message-ID is the row's own: a resend would carry the same one.
    assert message.extra_headers["Message-ID"] == f"<{email.guid}@example.org>"
    # Running the task again, or the periodic job at any later time, sends nothing more.
    assert services.email_send(email.pk) is False
    assert services.email_send(email.pk, now=FAR_FUTURE) is False
    assert services.pending_requeue(now=FAR_FUTURE) == 0
    assert len(mailoutbox) == 1


def test_a_dedupe_key_makes_one_email_whoever_asks_twice(sent_mail, mailoutbox):
    with sent_mail():
        first = _enqueue(dedupe_key="decision:41")
        assert services.email_enqueue(
            to="reader@example.org", subject="Again", body="Again", language="en",
            dedupe_key="decision:41",
        ) is None  # fmt: skip
    assert OutboxEmail.objects.get().pk == first.pk
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "refusal",
    ["451 4.3.0 Mail server busy, try again later", "554 5.3.0 Relaying refused", "down"],
    ids=["4xx", "5xx", "not-listening"],
)
def test_a_refusing_mail_server_keeps_the_email_pending_until_it_accepts_then_sends_once(
    smtp_sink, sent_mail, settings, refusal
):
    settings.OUTBOX_BACKOFF_SECONDS = 60
    if refusal == "down":
        smtp_sink.stop()
        expected_error = "ConnectionRefusedError"
    else:
        smtp_sink.refuse_data = refusal
        expected_error = refusal[:3]

    with sent_mail():
        email = _enqueue()
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING and email.attempts == 1
    assert expected_error in email.last_error
    assert datetime.timedelta(seconds=50) < _waits(email) <= datetime.timedelta(seconds=60)
    # Within its backoff the e-mail is left alone, whoever asks.
    assert services.email_send(email.pk) is False
    assert services.pending_requeue() == 0
    email.refresh_from_db()
    assert email.attempts == 1

    # Still refused a minute later: the wait doubles.
    _time_passes(email)
    assert services.pending_requeue() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING and email.attempts == 2
    assert datetime.timedelta(seconds=110) < _waits(email) <= datetime.timedelta(seconds=120)

    # The server accepts again: the next run sends it, exactly once.
    if refusal == "down":
        smtp_sink.start()
    else:
        smtp_sink.refuse_data = None
    _time_passes(email)
    assert services.pending_requeue() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 3 and email.last_error == ""
    assert services.pending_requeue(now=FAR_FUTURE) == 0
    assert services.email_send(email.pk, now=FAR_FUTURE) is False
    [message] = smtp_sink.messages
    assert message["Message-ID"] == f"<{email.guid}@example.org>"
    assert message["To"] == "reader@example.org"


def test_after_its_last_attempt_an_email_is_failed_logged_and_staff_can_send_it_again(
    smtp_sink, sent_mail, settings, caplog, client, staff
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_sink.refuse_data = "451 4.3.0 Mail server busy, try again later"
    with sent_mail():
        email = _enqueue(to="someone@example.org", body="A link only they may see")
    _time_passes(email)
    with caplog.at_level(logging.WARNING, logger="outbox.services"):
        services.pending_requeue()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.attempts == 2
    assert "451" in email.last_error
    assert any(
        record.levelno == logging.ERROR and f"e-mail {email.pk} " in record.getMessage()
        for record in caplog.records
    )
    assert services.pending_requeue(now=FAR_FUTURE) == 0  # failed stays failed

    # Ministry staff find it under "Failed" (with the error, never the body) and retry it.
    client.force_login(staff)
    listing = client.get("/en/admin/outbox/outboxemail/?status__exact=failed")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "someone@example.org" in page
    detail = client.get(f"/en/admin/outbox/outboxemail/{email.pk}/change/").content.decode()
    assert "451" in detail and "A link only they may see" not in detail
    smtp_sink.refuse_data = None
    with sent_mail():
        response = client.post(
            "/en/admin/outbox/outboxemail/",
            {"action": "retry", "_selected_action": [email.pk]},
        )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(smtp_sink.messages) == 1


def test_a_participant_cannot_see_the_outbox(client, participant):
    client.force_login(participant)
    assert client.get("/en/admin/outbox/outboxemail/").status_code == 302


def test_a_recipient_refused_for_good_fails_at_once(smtp_sink, sent_mail):
    smtp_sink.refuse_rcpt = "550 5.1.1 No such mailbox here"
    with sent_mail():
        email = _enqueue(to="nobody@example.org")
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.attempts == 1
    assert "550" in email.last_error and "nobody@example.org" in email.last_error


def test_an_email_whose_worker_died_is_sent_again_once_its_lease_expires(
    eager_celery, mailoutbox, settings
):
    # A worker claimed the row and died before the mail server answered.
    email = _enqueue()
    claimed = timezone.now()
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING,
        attempts=1,
        claimed_at=claimed,
        next_attempt_at=claimed + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
    )
    # While the lease runs, nobody else sends it: a redelivered task exits.
    assert services.pending_requeue() == 0
    assert services.email_send(email.pk) is False
    assert mailoutbox == []

    _time_passes(email)
    assert services.pending_requeue() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 2
    assert services.pending_requeue(now=FAR_FUTURE) == 0
    assert len(mailoutbox) == 1


def test_a_new_email_whose_task_was_lost_is_queued_again(eager_celery, mailoutbox):
    # Written, committed, and its message lost (a broker restarted without persistence).
    email = _enqueue()
    assert services.pending_requeue() == 0  # its task may still be on its way
    _time_passes(email)
    assert services.pending_requeue() == 1
    assert len(mailoutbox) == 1
    assert services.pending_requeue(now=FAR_FUTURE) == 0


def test_emails_written_together_leave_through_one_task_each_once(
    sent_mail, mailoutbox, django_capture_on_commit_callbacks
):
    emails = [
        services.EmailToSend(
            to=f"reader{n}@example.org",
            subject="Your contribution is published",
            body="Thank you for taking part.",
            language="en",
            dedupe_key=f"together:{n}",
        )
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        rows = services.emails_enqueue(emails)
    assert len(rows) == 3 and len(callbacks) == 1  # one message to the broker
    callbacks[0]()  # at commit, in this process (eager), as a worker would
    assert sorted(message.to[0] for message in mailoutbox) == [
        f"reader{n}@example.org" for n in range(3)
    ]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    # Run again (a redelivery) or picked up by the periodic job: nothing leaves twice.
    from outbox.tasks import emails_send

    emails_send([row.pk for row in rows])
    assert services.pending_requeue(now=FAR_FUTURE) == 0
    assert len(mailoutbox) == 3
