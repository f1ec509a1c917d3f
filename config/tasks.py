"""Housekeeping tasks of the portal itself."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT_KEY = "portal:worker-heartbeat"


def worker_heartbeat_record() -> None:
    """Write the time a worker was last seen; `/readyz` reports its age.

    A cache outage must not stop a worker from starting, so it is logged, not raised.
    """
    try:
        cache.set(WORKER_HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)
    except Exception:
        logger.warning("the worker heartbeat could not be written to the cache", exc_info=True)


@shared_task(name="config.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """Record that a worker is consuming tasks (beat queues this every minute)."""
    worker_heartbeat_record()
