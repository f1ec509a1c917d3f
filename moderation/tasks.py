from celery import shared_task
from django.db import transaction

from . import digest, notifications


@shared_task(name="moderation.decision_notify_author", ignore_result=True)
def decision_notify_author(decision_id: int) -> None:
    """Kept for messages queued before decisions wrote their e-mail into the outbox.

    It writes that e-mail now; the decision's outbox key makes it a no-op for any
    decision that already has one.
    """
    with transaction.atomic():
        notifications.decision_email_enqueue_by_id(decision_id)


@shared_task(name="moderation.digest_send", ignore_result=True)
def digest_send() -> None:
    """Hourly: e-mail moderators about items waiting too long (once a day each)."""
    digest.digest_send()
