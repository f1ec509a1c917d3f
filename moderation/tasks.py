from celery import shared_task

from . import notifications


@shared_task(name="moderation.decision_notify_author", ignore_result=True)
def decision_notify_author(decision_id):
    notifications.decision_notify_author(decision_id)
