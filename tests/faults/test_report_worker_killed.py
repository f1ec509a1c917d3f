"""The Celery worker killed in the middle of a report run: the run is picked up again
from its heartbeat and succeeds, with nobody pressing "Retry"."""

import time

import pytest

from reports.services import OUTPUT_FILES
from tests.faults.harness import wait_for

pytestmark = pytest.mark.faults

HEARTBEAT_TIMEOUT = 10
START_RUN = (
    "from django.utils import timezone; from dialogue.models import Consultation; "
    "from reports.services import report_run_start; "
    "print(report_run_start(consultation=Consultation.objects.get(is_current=True), requested_by=None, "
    "cutoff=timezone.now()).pk)"
)


def _run(portal, pk):
    return portal.sql("SELECT state, progress, attempts FROM reports_reportrun WHERE id = %s", pk)[
        0
    ]


def test_a_report_run_whose_worker_is_killed_succeeds_without_staff(live_portal):
    portal = live_portal
    quick = {"REPORT_HEARTBEAT_TIMEOUT_SECONDS": str(HEARTBEAT_TIMEOUT)}
    normal_argv = list(portal.worker.argv)
    # A worker whose report job pauses on each question, so it can be killed mid-run.
    slow_argv = ["tests.reports.slow_worker" if arg == "config" else arg for arg in normal_argv]
    for process in (portal.worker, portal.beat):
        process.stop()
        process.env = {**portal.env, **quick, "SLOW_QUESTION_SECONDS": "1"}
    portal.worker.argv = slow_argv
    for process in (portal.worker, portal.beat):
        process.start()
    try:
        pk = int(portal.manage("shell", "-c", START_RUN).strip().splitlines()[-1])
        wait_for(
            lambda: _run(portal, pk)[0] == "running" and _run(portal, pk)[1] > 0,
            timeout=60,
            what="the run under way",
        )
        portal.worker.kill()
        time.sleep(1)
        portal.worker.env = {**portal.env, **quick}
        portal.worker.argv = normal_argv
        portal.worker.start()
        wait_for(
            lambda: _run(portal, pk)[0] in ("succeeded", "failed"),
            timeout=HEARTBEAT_TIMEOUT + 150,
            what="the run finished by itself",
        )
        state, progress, attempts = _run(portal, pk)
        assert (state, progress) == ("succeeded", 100) and attempts >= 2
        (outputs,) = portal.sql("SELECT count(*) FROM reports_reportoutput WHERE run_id = %s", pk)[
            0
        ]
        # Every output of a run (HTML, PDF and Word per language, the open data).
        assert outputs == len(OUTPUT_FILES)
    finally:
        portal.worker.argv = normal_argv
        for process in (portal.worker, portal.beat):
            process.stop()
            process.env = portal.env
            process.start()
