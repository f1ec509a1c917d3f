"""Queueing Celery tasks without letting a broker outage undo the caller's write.

The database is the source of truth: a task that could not be queued is picked up
later by a periodic job that looks for the work it would have done (pending
outbox rows, runs without a live attempt). So a failed publish is logged, never
raised into the request that made the change.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a publish raises when the broker is down, refuses or does not answer in time.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    BrokerError,
    ConnectionError,
    TimeoutError,
    OSError,
)


def task_enqueue(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Queue `task` now; return False (and log) instead of raising when the broker fails."""
    if task.app.conf.task_always_eager:
        # In-process: an error is the task's own, not the broker's; let it surface.
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as error:
        logger.warning(
            "task not queued, the broker failed; a periodic job will pick the work up",
            extra={"task": task.name, "error": repr(error)},
        )
        return False
    return True


def task_enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task_enqueue(task, *args, **kwargs))
