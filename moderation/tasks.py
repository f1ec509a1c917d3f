from celery import shared_task
from django.db import transaction

from . import notifications


@shared_task(name="moderation.decision_notify_author", ignore_result=True)
def decision_notify_author(decision_id: int) -> None:
    """Kept for messages queued before decisions wrote their e-mail into the outbox.

    It writes that e-mail now; the decision's outbox key makes it a no-op for any
    decision that already has one.
    """
    with transaction.atomic():
        notifications.decision_email_enqueue_by_id(decision_id)
