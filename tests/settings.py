"""The settings the test suite runs with: the portal's own, with what tests need set.

pytest-django imports the settings before any conftest runs, so the environment is
prepared here, before `config.settings` reads it. The suite runs with DEBUG on at
import time (plain static storage, no HTTPS redirect; pytest-django still turns
DEBUG off for the tests themselves) and a key that is new for every run, so nothing
a test signs could be forged with a published key. Subprocesses started by tests
(a Celery worker, a second web process) inherit both.
"""

import os
import secrets

os.environ["DEBUG"] = "true"
os.environ["SECRET_KEY"] = os.environ.get("TEST_SECRET_KEY") or secrets.token_urlsafe(50)
os.environ["TEST_SECRET_KEY"] = os.environ["SECRET_KEY"]
# Tests change rows in bulk and read the page again; the page cache has its own tests
# (tests/config/test_page_cache.py), which turn it on.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

# Analysts' exports written by tests go to a folder of their own, never the checkout's.
import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

ANALYSIS_ROOT = Path(tempfile.mkdtemp(prefix="analysis-exports-"))
