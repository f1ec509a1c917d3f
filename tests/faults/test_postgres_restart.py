"""PostgreSQL restarts under signed-in participants: nothing acknowledged is lost,
and the portal recovers by itself."""

import time

import pytest
import requests

from tests.faults.client import Tally, writes_check
from tests.faults.harness import wait_for
from tests.faults.writers import writing

pytestmark = pytest.mark.faults


def _site_answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/en/paper/", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def test_writes_survive_a_postgres_restart_and_the_site_recovers_without_a_restart(
    live_portal, participant
):
    portal = live_portal
    during, after = Tally(), Tally()
    people = [participant(tally=during) for _ in range(4)]
    web_pid, worker_pid = portal.web.popen.pid, portal.worker.popen.pid

    with writing(people, portal.seeded):
        time.sleep(2)  # writes in flight when the database goes away
        portal.postgres.stop("fast")
        time.sleep(3)
        portal.postgres.start()
        wait_for(lambda: _site_answers(portal.url), timeout=30, what="the site after PostgreSQL")
        time.sleep(1)

    # During the outage a write may fail, with an error page, never a lie.
    assert {key.split()[-1] for key in during.statuses} <= {"200", "302", "500", "503"}, (
        during.statuses
    )
    acknowledged = sum(w.acknowledged for w in during.writes)
    assert acknowledged > 0, during.statuses

    # Once it is back, the same processes serve every write again.
    for person in people:
        person.tally = after
    with writing(people, portal.seeded):
        time.sleep(3)
    assert after.writes and all(w.acknowledged for w in after.writes), after.statuses
    assert not after.server_errors()
    assert (portal.web.popen.pid, portal.worker.popen.pid) == (web_pid, worker_pid)

    assert writes_check(during.writes + after.writes, portal.sql) == []


def test_writes_survive_a_postgres_crash(live_portal, participant):
    """An immediate shutdown is a crash: committed writes come back from the WAL."""
    portal = live_portal
    during = Tally()
    people = [participant(tally=during) for _ in range(3)]
    with writing(people, portal.seeded, pause=0.1):
        time.sleep(2)
        portal.postgres.stop("immediate")
        portal.postgres.start()
        wait_for(lambda: _site_answers(portal.url), timeout=30, what="the site after the crash")
    assert sum(w.acknowledged for w in during.writes) > 0, during.statuses
    assert writes_check(during.writes, portal.sql) == []


@pytest.mark.parametrize(("path", "lang"), [("/en/paper/", "en"), ("/fr/document/", "fr")])
def test_during_a_database_outage_visitors_get_the_sites_own_error_page(
    live_portal, participant, path, lang
):
    """Not gunicorn's bare English text: the portal's page, in the reader's language,
    for a signed-in participant (whose session lives in the database) and a visitor."""
    person = participant()
    with live_portal.down("postgres"):
        signed_in = person.get(path)
        visitor = requests.get(f"{live_portal.url}{path}", timeout=10)
    for response in (signed_in, visitor):
        assert response is not None and response.status_code in (500, 503)
        assert f'<html lang="{lang}' in response.text, response.text[:300]
