import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] in {"ok", "eager"}


@pytest.mark.parametrize(
    "database_url",
    ["sqlite:////nonexistent/directory/db.sqlite3", "postgres://postgres@127.0.0.1:1/nowhere"],
)
def test_healthz_is_503_when_the_database_is_unreachable(database_url):
    """A fresh process whose DATABASE_URL points at a database that cannot be reached."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    status, body = json.loads(out.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body["database"] == "unreachable"
