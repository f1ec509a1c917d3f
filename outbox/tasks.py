"""Thin tasks over the outbox services; both are safe to run twice."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    name="outbox.email_send",
    acks_late=True,
    ignore_result=True,
    # Only a lost database is worth a retry here: SMTP failures are recorded on the row,
    # which `pending_requeue` picks up again after its backoff.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def email_send(email_id: int) -> None:
    services.email_send(email_id)


@shared_task(
    name="outbox.emails_send",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def emails_send(email_ids: list[int]) -> None:
    """`email_send` for the e-mails written together (a bulk decision), in one task:
    one message to the broker instead of one per e-mail. Each row is claimed on its
    own, so a retry or `pending_requeue` never sends one twice."""
    for email_id in email_ids:
        services.email_send(email_id)


@shared_task(name="outbox.pending_requeue", ignore_result=True)
def pending_requeue() -> None:
    services.pending_requeue()
