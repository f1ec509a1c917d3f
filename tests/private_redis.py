"""A Redis server of the test's own, which the test may stop or hang.

Never the shared Redis: this one runs on its own port (`TEST_PRIVATE_REDIS_PORT`,
6392 by default) without persistence, and exists only for the test that started it.
"""

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from django.test import override_settings

from config import cache as fail_open_cache
from config import queueing
from config.celery import app

PORT = int(os.environ.get("TEST_PRIVATE_REDIS_PORT", "6392"))


class PrivateRedis:
    def __init__(self, port: int = PORT) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.hung = False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server could not start on port {self.port}")
            try:
                client.ping()
                # The server is (back) up: this process meets it anew, not through
                # the back-off of an earlier failure.
                outage_forget()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def hang(self) -> None:
        """The server keeps its port (connections are accepted) but answers nothing."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        self.hung = True

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)
        self.hung = False

    def stop(self) -> None:
        """Gone: connections are refused."""
        if self.process is None or self.process.poll() is not None:
            return
        if self.hung:
            self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def outage(self, mode: str) -> None:
        """Stop or hang the server, and make the web process notice it anew."""
        if mode == "stopped":
            self.stop()
        elif mode == "hung":
            self.hang()
        else:
            raise ValueError(mode)
        outage_forget()


def outage_forget() -> None:
    """Forget earlier failures, so the next call meets the server as it is now."""
    fail_open_cache.outage_reset()
    queueing.broker_outage_reset()


def _celery_pools_reset() -> None:
    # Celery's private connection pools, so that the next task uses the new broker URL.
    app._pool = None  # type: ignore[attr-defined]  # private, see above
    app.amqp._producer_pool = None  # type: ignore[attr-defined]  # private, see above


@contextmanager
def portal_on(url: str) -> Iterator[None]:
    """The cache and the Celery broker of this process on `url`, as REDIS_URL would set them."""
    from django.conf import settings

    caches = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test",
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_SOCKET_TIMEOUT,
                "socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = url  # type: ignore[misc]  # read-only in celery-types only
    app.conf.task_always_eager = False
    _celery_pools_reset()
    outage_forget()
    try:
        with override_settings(CACHES=caches, CELERY_TASK_ALWAYS_EAGER=False):
            yield
    finally:
        app.conf.update(broker_url=previous[0], task_always_eager=previous[1])
        _celery_pools_reset()
        outage_forget()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def portal_on_private_redis(private_redis: PrivateRedis) -> Iterator[PrivateRedis]:
    with portal_on(private_redis.url):
        yield private_redis
