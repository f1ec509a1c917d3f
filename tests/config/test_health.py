import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


def test_healthz_is_ok_without_touching_any_dependency(client):
    # No django_db mark: pytest-django refuses any database access in this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_probes_are_never_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/en/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_every_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager"}
    assert body["static_manifest"] == "not used"  # DEBUG was on when the settings loaded
    assert {"worker_last_seen", "worker_heartbeat_age_seconds", "status"} <= body.keys()


@pytest.mark.django_db(transaction=True)
def test_readyz_stays_200_but_degraded_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["broker"] in {"unreachable", "timeout"}
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_until_the_static_manifest_is_loaded(client, settings, tmp_path):
    """With DEBUG off every page needs collectstatic's manifest; readiness says so."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["static_manifest"] == "missing"

    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/site.css": "css/site.0123abcd.css"}})
    )
    settings.STATIC_ROOT = str(tmp_path)  # a changed setting builds the storage again
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["static_manifest"] == "ok"


def _probe_in_a_fresh_process(path: str, database_url: str) -> tuple[int, dict]:
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        f"r = Client().get({path!r});"
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
    return status, body


@pytest.mark.parametrize(
    "database_url",
    ["sqlite:////nonexistent/directory/db.sqlite3", "postgres://postgres@127.0.0.1:1/nowhere"],
)
def test_readyz_is_503_and_healthz_200_when_the_database_is_unreachable(database_url):
    """A fresh process whose DATABASE_URL points at a database that cannot be reached."""
    status, body = _probe_in_a_fresh_process("/readyz", database_url)
    assert status == 503
    assert body["database"] == "unreachable"
    assert body["status"] == "unavailable"
    assert _probe_in_a_fresh_process("/healthz", database_url) == (200, {"status": "ok"})
