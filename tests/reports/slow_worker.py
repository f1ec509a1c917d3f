"""The Celery app of the worker tests, with a report job that pauses on each question.

Started as `celery -A tests.reports.slow_worker worker`, so that a test can stop the
worker in the middle of a run; production code knows nothing of the pause.
`SLOW_QUESTION_SECONDS` (default 2) sets it.
"""

import os
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from config.celery import app  # noqa: E402
from reports import services  # noqa: E402

PAUSE_SECONDS = float(os.environ.get("SLOW_QUESTION_SECONDS", "2"))
_part_data = services.part_data


def _slow_part_data(**kwargs: Any) -> dict:
    time.sleep(PAUSE_SECONDS)
    return _part_data(**kwargs)


services.part_data = _slow_part_data

__all__ = ["app"]
