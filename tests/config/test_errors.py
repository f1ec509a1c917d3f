"""Error pages: right status, a clear message in the reader's language, no dependency."""

import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from config.errors import server_error

BROKEN_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.mark.parametrize(
    ("path", "expected", "absent"),
    [
        ("/en/paper/", ["Something went wrong"], ["Une erreur s'est produite"]),
        ("/fr/document/", ["Une erreur s'est produite"], ["Something went wrong"]),
        ("/nowhere", ["Something went wrong", "Une erreur s'est produite"], []),
    ],
)
def test_the_500_page_needs_neither_the_database_nor_redis(path, expected, absent):
    # No django_db mark: any query raises. The cache points at a port nobody listens on.
    with override_settings(CACHES=BROKEN_REDIS):
        response = server_error(RequestFactory().get(path))
    html = unescape(response.content.decode())
    assert response.status_code == 500
    for text in expected:
        assert text in html
    for text in absent:
        assert text not in html
    assert "Error 500" in html or "Erreur 500" in html


def test_a_page_during_a_database_outage_answers_the_styled_500_in_french():
    """A fresh web process whose database cannot be reached, as during an outage."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(raise_request_exception=False).get('/fr/document/');"
        "print(r.status_code); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # Production-like: DEBUG off, and no collectstatic either.
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": "/nonexistent/static",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    status, _, html = out.stdout.partition("\n")
    assert status == "500"
    assert '<html lang="fr">' in html
    assert "Une erreur s'est produite" in unescape(html)
    assert "Internal Server Error" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "at most 2.5 MB of text"), ("fr", "au plus 2,5 Mo de texte")],
)
def test_a_3_mb_submission_gets_a_page_saying_it_was_too_large(client, language, text):
    with translation.override(language):
        url = reverse("dialogue:feedback")
    response = client.post(url, {"message": "x" * 3_000_000, "email": "", "page_url": ""})
    assert response.status_code == 413
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{language}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("en", r"at most 1,000 fields"), ("fr", r"au plus 1\s000 champs")],
)
def test_2000_form_fields_get_a_page_saying_there_were_too_many(client, language, text):
    with translation.override(language):
        url = reverse("dialogue:feedback")
    response = client.post(url, {f"field{i}": "x" for i in range(2000)})
    assert response.status_code == 400
    assert re.search(text, response.content.decode())
    assert "Bad Request (400)" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/en/search/", {"q": "secu\x00rity"}),
        ("/fr/recherche/", {"q": "\x00"}),
        ("/en/answers/", {"language": "en\x00"}),
    ],
)
def test_a_null_byte_in_a_search_or_filter_is_refused_with_a_message(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 400
    assert "null byte" in response.content.decode() or "octet nul" in response.content.decode()
