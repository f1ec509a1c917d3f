from celery import shared_task

from . import notifications


@shared_task(name="forum.thread_notify", ignore_result=True)
def thread_notify(thread_id):
    notifications.thread_subscribers_notify(thread_id)


@shared_task(name="forum.notifications_flush", ignore_result=True)
def notifications_flush():
    notifications.notifications_flush()
