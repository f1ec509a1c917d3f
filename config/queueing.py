"""Queueing Celery tasks without letting a broker outage undo the caller's write.

The database is the source of truth: a task that could not be queued is picked up
later by a periodic job that looks for the work it would have done (pending
outbox rows, runs without a live attempt). So a failed publish is logged, never
raised into the request that made the change.
"""

import logging
import time
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

# After a failed publish, the process does not try the broker again for this long:
# a request queueing several tasks (a bulk decision) waits on a dead broker once.
RETRY_AFTER_SECONDS = 5.0
_broker_down_until = 0.0


def broker_outage_reset() -> None:
    """Forget a past failure: the next publish tries the broker (tests restart it)."""
    global _broker_down_until
    _broker_down_until = 0.0


def task_enqueue(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Queue `task` now; return False (and log) instead of raising when the broker fails."""
    global _broker_down_until
    if task.app.conf.task_always_eager:
        # In-process: an error is the task's own, not the broker's; let it surface.
        task.apply_async(args=args, kwargs=kwargs)
        return True
    if time.monotonic() < _broker_down_until:
        logger.warning(
            "task not queued, the broker failed moments ago; a periodic job will pick the work up",
            extra={"task": task.name},
        )
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as error:
        _broker_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "task not queued, the broker failed; a periodic job will pick the work up",
            extra={"task": task.name, "error": repr(error)},
        )
        return False
    return True


def task_enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Queue `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task_enqueue(task, *args, **kwargs))
