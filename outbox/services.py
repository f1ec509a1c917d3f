"""The outbox: every e-mail is a row written with the change that caused it.

Life of a row
-------------
`email_enqueue` writes a `pending` row in the caller's transaction and, once that
transaction commits, queues the task `outbox.email_send`. When the broker is down the
row simply waits: `pending_requeue` (beat, every minute) queues every row that is due.

`email_send` claims the row in a short transaction under
`select_for_update(skip_locked=True)`: status `sending`, one more attempt, and a lease
(`next_attempt_at` = now + OUTBOX_LEASE_SECONDS). It sends outside any transaction
through Django's mail backend and marks the row `sent` only once the backend accepted
the message. On an SMTP or connection error it records the error and puts the row back
to `pending` with an exponential backoff (OUTBOX_BACKOFF_SECONDS doubled per attempt,
at most OUTBOX_BACKOFF_MAX_SECONDS); after OUTBOX_MAX_ATTEMPTS, or at once when the
server refuses the recipient for good (5xx on RCPT), the row is `failed`, logged as an
error and listed in the admin, where staff can send it again (`email_retry`).

Retries are driven by the row, not by countdown messages in the broker: a Redis
restarted without persistence loses nothing, since the database says what is due.

Exactly once, in effect
-----------------------
Never lost: the row commits with the decision, or not at all. Never sent twice, but
for one window no design can close: the SMTP server accepted the message and the
worker died (or lost the database) before it marked the row sent. The row then stays
`sending`; while its lease runs nobody else claims it (a redelivered or re-queued task
exits at once), and when the lease has expired `pending_requeue` queues it again and
it is sent a second time: at most one duplicate per such crash, carrying the same
Message-ID so that mail servers and clients can recognise it. The lease is much longer
than a send can take (EMAIL_TIMEOUT bounds each SMTP exchange), so a slow but living
worker is not overtaken; the final mark is fenced by the attempt number, so a worker
that was overtaken cannot overwrite the outcome of the attempt that replaced it.
"""

import datetime
import logging
import smtplib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.queueing import task_enqueue, task_enqueue_on_commit

from .models import SUBJECT_MAX_LENGTH, EmailStatus, OutboxEmail

logger = logging.getLogger(__name__)

# Characters that would end a header line or corrupt it: control characters (which
# include CR, LF, tab and NEL) and the Unicode line and paragraph separators.
_HEADER_BREAKING = {"Cc", "Zl", "Zp"}
ERROR_MAX_LENGTH = 2000


def subject_clean(subject: str) -> str:
    """`subject` on one line: line breaks and control characters become single spaces.

    A subject built from participant text (a thread title) can then never make the
    mail library raise `BadHeaderError`.
    """
    text = "".join(
        " " if unicodedata.category(char) in _HEADER_BREAKING else char for char in subject
    )
    return " ".join(text.split())[:SUBJECT_MAX_LENGTH]


def email_enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    html_body: str | None = None,
    language: str,
    dedupe_key: str | None = None,
) -> OutboxEmail | None:
    """Write an e-mail to send in the caller's transaction; send it after commit.

    Returns None, writing nothing, when a row with `dedupe_key` exists already (the
    e-mail for this decision, day or event is written once, whoever asks twice).
    """
    from .tasks import email_send as email_send_task

    email = OutboxEmail(
        to=to,
        subject=subject_clean(subject),
        body=body,
        html_body=html_body or "",
        language=language,
        dedupe_key=dedupe_key or None,
        # If the task has not claimed the row by then (broker down, message lost),
        # `pending_requeue` queues it again.
        next_attempt_at=timezone.now()
        + datetime.timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS),
    )
    if email.dedupe_key is None:
        email.save()
    else:
        if OutboxEmail.objects.filter(dedupe_key=email.dedupe_key).exists():
            return None
        try:
            # A savepoint: losing a race on the key must not break the caller's transaction.
            with transaction.atomic():
                email.save()
        except IntegrityError:
            return None
    task_enqueue_on_commit(email_send_task, email.pk)
    return email


@dataclass(frozen=True)
class EmailToSend:
    """One e-mail for `emails_enqueue`: the arguments of `email_enqueue`."""

    to: str
    subject: str
    body: str
    language: str
    dedupe_key: str


def emails_enqueue(emails: Sequence[EmailToSend]) -> list[OutboxEmail]:
    """`email_enqueue` for many e-mails at once: two queries whatever their number.

    E-mails whose `dedupe_key` exists already are skipped, as `email_enqueue` does;
    the written ones are sent after commit, by one task for all of them.
    """
    from .tasks import email_send as email_send_task
    from .tasks import emails_send as emails_send_task

    if not emails:
        return []
    keys = [email.dedupe_key for email in emails]
    existing = set(
        OutboxEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    due = timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    rows = OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(
                to=email.to,
                subject=subject_clean(email.subject),
                body=email.body,
                html_body="",
                language=email.language,
                dedupe_key=email.dedupe_key,
                next_attempt_at=due,
            )
            for email in emails
            if email.dedupe_key not in existing
        ]
    )
    if len(rows) == 1:
        task_enqueue_on_commit(email_send_task, rows[0].pk)
    elif rows:
        # One message to the broker for all of them, not one per e-mail.
        task_enqueue_on_commit(emails_send_task, [row.pk for row in rows])
    return rows


def _backoff(attempt: int) -> datetime.timedelta:
    seconds = settings.OUTBOX_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.OUTBOX_BACKOFF_MAX_SECONDS))


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def _claimable(email: OutboxEmail, now: datetime.datetime) -> bool:
    if email.status == EmailStatus.PENDING:
        # A new row goes at once; a row that failed before waits for its backoff.
        return email.attempts == 0 or email.next_attempt_at <= now
    if email.status == EmailStatus.SENDING:
        return email.next_attempt_at <= now  # the lease expired: its worker died
    return False


def _claim(email_id: int, now: datetime.datetime) -> OutboxEmail | None:
    """Take the row for one attempt, or None when it is not ours to send now."""
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        # Missing, or locked by another worker claiming it this very moment.
        if email is None or not _claimable(email, now):
            return None
        if email.status == EmailStatus.SENDING:
            email.last_error = (
                f"Attempt {email.attempts} did not finish (its worker stopped); sending again."
            )
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
            email.save(update_fields=["status", "last_error"])
            logger.error(
                "e-mail %s failed: no attempt left (%s made)",
                email.pk,
                email.attempts,
                extra={"email_id": email.pk, "error": email.last_error},
            )
            return None
        email.status = EmailStatus.SENDING
        email.attempts += 1
        email.claimed_at = now
        email.next_attempt_at = now + _lease()
        email.save(
            update_fields=["status", "attempts", "claimed_at", "next_attempt_at", "last_error"]
        )
    return email


def _message(email: OutboxEmail) -> EmailMultiAlternatives:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={
            # The same on every attempt: a duplicate after a crash is the same message.
            "Message-ID": f"<{email.guid}@{domain}>",
            "Auto-Submitted": "auto-generated",
            "Content-Language": email.language,
        },
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def _error_text(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{address}: {code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for address, (code, reply) in error.recipients.items()
        )
    elif isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = f"SMTP {error.smtp_code}: {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:ERROR_MAX_LENGTH]


def _refused_for_good(error: Exception) -> bool:
    """The server refused the recipient permanently (5xx on RCPT): retrying cannot help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _reply in error.recipients.values()
    )


def _mark(email_id: int, attempt: int, **fields: object) -> bool:
    """Write the outcome of `attempt`, unless another attempt has taken the row since."""
    return (
        OutboxEmail.objects.filter(
            pk=email_id, attempts=attempt, status=EmailStatus.SENDING
        ).update(**fields)
        == 1
    )


def email_send(email_id: int, *, now: datetime.datetime | None = None) -> bool:
    """Send one outbox row if it is due and nobody else holds it; True when this call sent it.

    Safe to run any number of times, at once or later: a sent or failed row, a row
    leased by another worker and a row waiting for its backoff are left alone. Must
    not run inside a transaction of the caller's (the claim has to commit before the
    message leaves).
    """
    now = now or timezone.now()
    email = _claim(email_id, now)
    if email is None:
        return False
    attempt = email.attempts
    try:
        accepted = get_connection().send_messages([_message(email)])
        if not accepted:
            raise smtplib.SMTPException("The mail backend accepted no message.")
    except OSError as error:  # smtplib's errors, refused or reset connections, timeouts
        _failure(email, attempt, error, permanent=_refused_for_good(error))
        return False
    except Exception as error:  # a message the backend cannot build will not build later
        logger.exception("e-mail %s could not be built or sent", email.pk)
        _failure(email, attempt, error, permanent=True)
        return False
    if not _mark(
        email.pk,
        attempt,
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        # The outbox delivers; it is not an archive of what people were told.
        body="",
        html_body="",
    ):
        logger.warning(
            "e-mail %s was sent by attempt %s, which another attempt had overtaken",
            email.pk,
            attempt,
        )
    return True


def _failure(email: OutboxEmail, attempt: int, error: Exception, *, permanent: bool) -> None:
    text = _error_text(error)
    if permanent or attempt >= settings.OUTBOX_MAX_ATTEMPTS:
        _mark(email.pk, attempt, status=EmailStatus.FAILED, last_error=text)
        logger.error(
            "e-mail %s to %s failed after %s attempts: %s",
            email.pk,
            email.to,
            attempt,
            text,
            extra={"email_id": email.pk},
        )
        return
    retry_at = timezone.now() + _backoff(attempt)
    _mark(email.pk, attempt, status=EmailStatus.PENDING, next_attempt_at=retry_at, last_error=text)
    logger.warning(
        "e-mail %s not sent (attempt %s), trying again at %s: %s",
        email.pk,
        attempt,
        retry_at.isoformat(),
        text,
        extra={"email_id": email.pk},
    )


def pending_requeue(*, now: datetime.datetime | None = None) -> int:
    """Queue every row that is due: pending past its next attempt, or sending past its lease.

    The periodic safety net: it sends what was written while the broker was down, what
    waited for a backoff, and what a dead worker held. Queuing a row twice is harmless
    (the claim lets one attempt through). Returns how many rows were queued.
    """
    from .tasks import email_send as email_send_task

    now = now or timezone.now()
    due = list(
        OutboxEmail.objects.filter(
            status__in=[EmailStatus.PENDING, EmailStatus.SENDING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[: settings.OUTBOX_REQUEUE_BATCH]
    )
    for count, email_id in enumerate(due):
        if not task_enqueue(email_send_task, email_id):
            return count  # the broker is down: the next run tries again
    return len(due)


@transaction.atomic
def email_retry(*, email_id: int) -> bool:
    """Give a failed e-mail a fresh set of attempts, at once (the admin's "retry" action)."""
    from .tasks import email_send as email_send_task

    updated = OutboxEmail.objects.filter(pk=email_id, status=EmailStatus.FAILED).update(
        status=EmailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if updated:
        task_enqueue_on_commit(email_send_task, email_id)
    return bool(updated)
