"""Readiness follows a real PostgreSQL going down and coming back, without a restart.

The test starts its own cluster on port 5443 (never the shared one), points a
separate web process at it, stops the cluster and starts it again.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORT = 5443

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not (PG_BIN / "initdb").exists(), reason="needs PostgreSQL 15's initdb"),
    pytest.mark.skipif(shutil.which("runuser") is None, reason="needs runuser"),
]

# A web process that answers one /readyz probe per line it reads.
PROBER = """
import django, json, sys
django.setup()
from django.test import Client
client = Client()
for _ in sys.stdin:
    response = client.get("/readyz")
    print(json.dumps([response.status_code, response.json()]), flush=True)
"""


def _as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)


@pytest.fixture
def private_cluster() -> Iterator[tuple[list[str], list[str]]]:
    """Yields the commands that start and stop the cluster (always on PORT)."""
    folder = Path(tempfile.mkdtemp(prefix="readiness-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres", group="postgres")
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust")
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log")]
    options = f"-p {PORT} -k {folder} -c listen_addresses=127.0.0.1"
    start_command = [*start, "-o", options, "start"]
    stop_command = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-m", "fast", "stop"]
    _as_postgres(*start_command)
    try:
        yield start_command, stop_command
    finally:
        subprocess.run(
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_readiness_follows_the_database_down_and_back_up(private_cluster):
    start_command, stop_command = private_cluster
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORT}/postgres",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    web = subprocess.Popen(
        [sys.executable, "-c", PROBER],
        env=env,
        cwd=settings.BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def probe() -> tuple[int, dict]:
        web.stdin.write("\n")
        web.stdin.flush()
        status, body = json.loads(web.stdout.readline())
        return status, body

    try:
        assert probe()[0] == 200

        _as_postgres(*stop_command)
        status, body = probe()
        assert (status, body["database"], body["status"]) == (503, "unreachable", "unavailable")

        _as_postgres(*start_command)
        status, body = probe()
        assert (status, body["database"]) == (200, "ok")
    finally:
        web.stdin.close()
        web.wait(timeout=30)
