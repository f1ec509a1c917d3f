from celery import shared_task

from . import notifications


@shared_task(name="forum.thread_notify", ignore_result=True)
def thread_notify(thread_id: int) -> None:
    notifications.thread_subscribers_notify(thread_id)


@shared_task(name="forum.notifications_flush", ignore_result=True)
def notifications_flush() -> None:
    notifications.notifications_flush()
