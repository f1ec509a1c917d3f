import time

import pytest
from django.conf import settings
from django.core.cache import cache

from config.tasks import WORKER_HEARTBEAT_KEY, worker_heartbeat

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL"),
]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_consumes_a_task_from_redis(client):
    from tests.celery_worker import running_worker

    cache.delete(WORKER_HEARTBEAT_KEY)
    with running_worker():
        worker_heartbeat.delay()
        deadline = time.monotonic() + 30
        while cache.get(WORKER_HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.2)
    assert cache.get(WORKER_HEARTBEAT_KEY) is not None
    assert client.get("/readyz").json()["worker_last_seen"] == cache.get(WORKER_HEARTBEAT_KEY)


@pytest.mark.django_db(transaction=True)
def test_a_worker_is_seen_as_soon_as_it_starts_without_waiting_for_beat(client):
    from tests.celery_worker import running_worker

    cache.delete(WORKER_HEARTBEAT_KEY)
    with running_worker():
        # No task queued: the worker's own start signal wrote the heartbeat.
        deadline = time.monotonic() + 30
        while cache.get(WORKER_HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        body = client.get("/readyz").json()
    assert body["worker_last_seen"] == cache.get(WORKER_HEARTBEAT_KEY)
    assert body["worker_heartbeat_age_seconds"] is not None
    assert body["broker"] == "ok"
