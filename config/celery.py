import os
from typing import Any

from celery import Celery, Task
from celery.signals import before_task_publish, task_postrun, task_prerun, worker_ready

from .logging import request_id_var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dialogue_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["config"])

# The message header that carries the id of the request that queued a task.
REQUEST_ID_HEADER = "request_id"


@before_task_publish.connect
def request_id_to_headers(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Send the current request id along with every task a request queues."""
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


@task_prerun.connect
def request_id_from_headers(task: Task | None = None, **kwargs: Any) -> None:
    """Log a task's lines under the id of the request that queued it."""
    if task is None:
        return
    request_id = getattr(task.request, REQUEST_ID_HEADER, None)
    if request_id is None and task.request.headers:
        request_id = task.request.headers.get(REQUEST_ID_HEADER)
    if request_id:
        # Eager tasks run inside the request, which already set it.
        # Kept on the task's own context so that postrun resets this token.
        task.request._request_id_token = request_id_var.set(request_id)  # type: ignore[attr-defined]  # our own field


@task_postrun.connect
def request_id_clear(task: Task | None = None, **kwargs: Any) -> None:
    token = getattr(task.request, "_request_id_token", None) if task is not None else None
    if task is not None and token is not None:
        request_id_var.reset(token)
        task.request._request_id_token = None  # type: ignore[attr-defined]  # our own field


@worker_ready.connect
def heartbeat_on_start(**kwargs: Any) -> None:
    """Record the worker as seen as soon as it starts, not a minute later when beat runs."""
    from .tasks import worker_heartbeat_record

    worker_heartbeat_record()
