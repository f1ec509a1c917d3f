"""`/healthz`: is this web process able to serve? JSON for load balancers and monitors."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unreachable"


def broker_status():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping()
        return "ok"
    except redis.RedisError:
        return "unreachable"


def worker_last_seen():
    from .tasks import WORKER_HEARTBEAT_KEY

    return cache.get(WORKER_HEARTBEAT_KEY)


def healthz(request):
    status = {
        "database": database_status(),
        "broker": broker_status(),
        "worker_last_seen": worker_last_seen(),
    }
    # Only the database makes the process unable to serve pages; a broker outage
    # delays background work but reading and answering still work.
    http_status = 200 if status["database"] == "ok" else 503
    return JsonResponse(status, status=http_status)
