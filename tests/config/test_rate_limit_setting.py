"""`ACCOUNT_RATE_LIMITS_ENABLED=false` (README, settings) really turns allauth's limits off."""

import os
import subprocess
import sys

from django.conf import settings

SCRIPT = (
    "import django; django.setup(); "
    "from allauth.account import app_settings; print(bool(app_settings.RATE_LIMITS))"
)


def _limits_on(value: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["ACCOUNT_RATE_LIMITS_ENABLED"] = value
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_environment_switch_turns_sign_in_limits_off_and_on():
    assert _limits_on("false") == "False"
    assert _limits_on("true") == "True"
