"""Housekeeping tasks of the portal itself."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "portal:worker-heartbeat"


@shared_task(name="config.worker_heartbeat", ignore_result=True)
def worker_heartbeat():
    """Record that a worker is consuming tasks; `/healthz` reports its age."""
    cache.set(WORKER_HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)
