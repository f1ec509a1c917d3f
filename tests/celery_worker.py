"""A real Celery worker process consuming from Redis, for the tests that are about it."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app


def _database_url():
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        host = params["HOST"] or "127.0.0.1"
        port = params["PORT"] or "5432"
        return f"postgres://{params['USER']}@{host}:{port}/{params['NAME']}"
    return f"sqlite:///{params['NAME']}"


@contextmanager
def running_worker(
    *,
    pool: str = "solo",
    concurrency: int = 1,
    queues: tuple[str, ...] = ("default",),
    extra_env: dict[str, str] | None = None,
    app_module: str = "config",
    beat_schedule: Path | None = None,
) -> Iterator[subprocess.Popen]:
    """Start `celery worker` on the test database and Redis; stop it on exit.

    The process is yielded, so a test can read its pid or kill it; `extra_env`
    adds settings read from the environment (REPORTS_ROOT, intervals);
    `app_module` names a test module that wraps the app (a slowed-down job);
    `beat_schedule`, a file for beat's state, runs beat inside the worker.
    """
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app_module,
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-Q",
            ",".join(queues),
            "-l",
            "warning",
            "-n",
            f"test-{os.getpid()}@%h",
            *(["-B", "-s", str(beat_schedule)] if beat_schedule else []),
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=1.0):
                break
            if process.poll() is not None:
                raise RuntimeError("the Celery worker exited while starting")
        else:
            raise RuntimeError("the Celery worker did not answer a ping within 60 s")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
