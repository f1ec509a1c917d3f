"""Redis stopped, restarted empty, or hung: the database is the source of truth, so
reading, signing in, answering and posting go on; the cache and rate limits fail open."""

import time

import pytest
import requests

from tests.faults.client import Tally, writes_check
from tests.faults.writers import writing

pytestmark = pytest.mark.faults


def test_signed_in_writes_and_sign_in_work_while_redis_is_down(live_portal, participant):
    portal = live_portal
    during, after = Tally(), Tally()
    people = [participant(tally=during) for _ in range(3)]
    worker_pid = portal.worker.popen.pid
    with portal.down("redis"):
        newcomer = participant(tally=during)  # signs in with Redis down
        people.append(newcomer)
        with writing(people, portal.seeded):
            time.sleep(4)
        for path in ["/en/", *portal.seeded["chapters"][:2], "/en/forum/", "/en/answers/"]:
            newcomer.get(path)
    assert during.writes and all(w.acknowledged for w in during.writes), during.statuses
    assert not during.server_errors(), during.statuses

    # Redis is back, empty (no persistence): same processes, writes go on.
    for person in people:
        person.tally = after
    with writing(people, portal.seeded):
        time.sleep(2)
    assert after.writes and all(w.acknowledged for w in after.writes), after.statuses
    assert not after.server_errors()
    assert portal.worker.popen.pid == worker_pid and portal.worker.running
    assert writes_check(during.writes + after.writes, portal.sql) == []


def test_pages_and_writes_do_not_stall_while_redis_hangs(live_portal, participant):
    portal = live_portal
    tally = Tally()
    person = participant(tally=tally)
    person.timeout = 3  # a hung cache must cost well under this per request
    with portal.hung("redis"):
        for path in ["/en/", portal.seeded["chapters"][0], "/en/forum/"]:
            response = person.get(path)
            assert response is not None and response.status_code == 200, path
        write = person.reply(portal.seeded["threads"][0])
    assert write.acknowledged, tally.statuses
    assert writes_check(tally.writes, portal.sql) == []


def test_healthz_answers_while_redis_is_down(live_portal):
    with live_portal.down("redis"):
        response = requests.get(f"{live_portal.url}/healthz", timeout=5)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(
        "application/json"
    )
