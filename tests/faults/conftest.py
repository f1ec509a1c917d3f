"""Fixtures of the fault tests: one portal in production shape for the session.

Each test gets the portal with every service up (whatever the test before it
stopped or hung is brought back), and signed-in participants over HTTP.
"""

import atexit
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.faults.client import Participant, Tally
from tests.faults.harness import Portal, missing_binaries

# Participants the seed creates; tests take them in turn, so none is signed in twice.
PARTICIPANTS = 40


@pytest.fixture(scope="session")
def portal() -> Iterator[Portal]:
    missing = missing_binaries()
    if missing:
        pytest.skip(f"the fault tests need {', '.join(missing)}")
    portal = Portal(participants=PARTICIPANTS)
    atexit.register(portal.close)  # also when the run is interrupted
    portal.start()
    try:
        yield portal
    finally:
        portal.close()


@pytest.fixture
def live_portal(portal: Portal, request: pytest.FixtureRequest) -> Iterator[Portal]:
    """The portal with every service up, before and after the test."""
    portal.ensure_up()
    yield portal
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(portal.logs())  # noqa: T201 - shown by pytest with the failure
    portal.ensure_up()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _unused_participants(portal: Portal) -> list[str]:
    return list(portal.seeded["participants"])


@pytest.fixture
def participant(live_portal: Portal, _unused_participants: list[str]) -> Callable[..., Participant]:
    """`participant()` returns a fresh participant, signed in through the real form."""

    def make(*, tally: Tally | None = None, sign_in: bool = True) -> Participant:
        person = Participant(
            live_portal.url, _unused_participants.pop(), live_portal.seeded["password"], tally=tally
        )
        if sign_in:
            assert person.sign_in(), f"{person.email} could not sign in"
        return person

    return make


@pytest.fixture
def moderator(live_portal: Portal) -> Participant:
    person = Participant(
        live_portal.url, live_portal.seeded["moderator"], live_portal.seeded["password"]
    )
    assert person.sign_in()
    return person


@pytest.fixture(scope="session")
def portal_settings(portal: Portal) -> dict[str, Any]:
    """A few settings as the portal's own processes read them (with its environment)."""
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default'], "
        "'installed_apps': s.INSTALLED_APPS}, default=str))"
    )
    return json.loads(portal.manage("shell", "-c", script).strip().splitlines()[-1])
