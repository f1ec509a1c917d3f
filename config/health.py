"""Liveness (`/healthz`) and readiness (`/readyz`) for load balancers and monitors.

Liveness checks nothing: the process answers, so it should not be restarted.
Readiness checks what this web process needs, each check bounded by
READINESS_CHECK_TIMEOUT so a hung dependency makes the probe slow by at most that:
the database and the static manifest decide (503 without them no page can be
served); the broker and the worker heartbeat are reported but only degrade the
answer, since reading and answering keep working while background work waits.
"""

import concurrent.futures
import datetime
import threading
from collections.abc import Callable
from typing import Any

# Imported now, not on the first probe, so that probe is not slowed past its timeout.
import kombu.transport.redis  # noqa: F401
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 while the process serves requests; no dependency is checked."""
    return JsonResponse({"status": "ok"})


def _bounded(check: Callable[[], Any], timeout: float) -> Any:
    """Run `check` in its own thread; "timeout" if it has not answered in time.

    A thread of its own because a hung socket cannot be interrupted from here; it
    ends when the driver's own timeout fires, and holds nothing the request needs.
    """
    result: concurrent.futures.Future[Any] = concurrent.futures.Future()

    def run() -> None:
        try:
            result.set_result(check())
        except Exception as error:
            result.set_exception(error)

    threading.Thread(target=run, daemon=True, name="readiness-check").start()
    try:
        return result.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        return "timeout"
    except Exception:
        return "unreachable"


def database_check() -> str:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        # The check's thread opened its own connection; do not leave it behind.
        connection.close()
    return "ok"


def broker_check() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from .celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1, timeout=settings.READINESS_CHECK_TIMEOUT)  # type: ignore[arg-type]  # kombu takes seconds as a float
    return "ok"


def worker_last_seen_check() -> str | None:
    from .tasks import WORKER_HEARTBEAT_KEY

    return cache.get(WORKER_HEARTBEAT_KEY)


def static_status() -> str:
    """Whether this process can name its static files: "ok", "missing" or "not used".

    With DEBUG off, every page links fingerprinted names from the manifest that
    `collectstatic` writes; a process started before it cannot render any page.
    """
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return "not used"
    return "ok" if storage.hashed_files else "missing"


def readiness() -> tuple[dict[str, Any], int]:
    timeout = settings.READINESS_CHECK_TIMEOUT
    database = _bounded(database_check, timeout)
    broker = _bounded(broker_check, timeout)
    last_seen = _bounded(worker_last_seen_check, timeout)
    static = static_status()
    age = None
    if last_seen not in (None, "timeout", "unreachable"):
        seen = parse_datetime(last_seen)
        age = round((timezone.now() - seen).total_seconds()) if seen else None
    else:
        last_seen = None
    serving = database == "ok" and static in ("ok", "not used")
    degraded = broker not in ("ok", "eager") or (
        broker == "ok" and (age is None or age > _heartbeat_stale_after())
    )
    body = {
        "status": "unavailable" if not serving else "degraded" if degraded else "ok",
        "database": database,
        "broker": broker,
        "worker_last_seen": last_seen,
        "worker_heartbeat_age_seconds": age,
        "static_manifest": static,
        "checked_at": timezone.now().isoformat(),
    }
    return body, 200 if serving else 503


def _heartbeat_stale_after() -> float:
    """Beat records a heartbeat every minute; three missed ones mean no worker is consuming."""
    return datetime.timedelta(minutes=3).total_seconds()


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: JSON of every check, 503 when this web process cannot serve pages."""
    body, status = readiness()
    return JsonResponse(body, status=status)
