"""Nothing unsafe by default: no published key, DEBUG off, restrictive headers."""

import os
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.urls import reverse

from tests.factories import UserFactory

OLD_DEFAULT_KEY = "insecure-key-for-local-development-only"


def _settings_in_a_fresh_process(**overrides: str | None) -> subprocess.CompletedProcess:
    """Import the settings with no .env file and the given environment."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "ENV_FILE": "/nonexistent"}
    for name in ("DEBUG", "SECRET_KEY", "TEST_SECRET_KEY"):
        env.pop(name, None)
    env.update({name: value for name, value in overrides.items() if value is not None})
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("debug", [None, "false", "true"])
def test_startup_fails_with_a_clear_message_without_a_secret_key(debug):
    result = _settings_in_a_fresh_process(DEBUG=debug)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", [OLD_DEFAULT_KEY, "change-me-to-50-random-characters"])
def test_the_settings_refuse_keys_published_with_the_source(key):
    result = _settings_in_a_fresh_process(DEBUG="true", SECRET_KEY=key)
    assert result.returncode != 0
    assert "published with the portal's source code" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = _settings_in_a_fresh_process(SECRET_KEY="a-key-only-this-test-knows-" + "x" * 30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_a_confirmation_key_signed_with_the_old_default_verifies_nothing(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.get(user=user)
    forged = signing.dumps(address.pk, key=OLD_DEFAULT_KEY, salt="account")
    client.post(reverse("account_confirm_email", args=[forged]))
    address.refresh_from_db()
    assert not address.verified

    # The same request with a key signed by the real secret does verify: the
    # refusal above is the key's doing, not a broken confirmation page.
    genuine = signing.dumps(address.pk, salt="account")
    client.post(reverse("account_confirm_email", args=[genuine]))
    address.refresh_from_db()
    assert address.verified


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/fr/", "/healthz"])
def test_every_response_turns_off_unused_browser_features(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in policy
