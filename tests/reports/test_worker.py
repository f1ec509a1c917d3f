"""The report job on a real Celery worker consuming from Redis."""

import datetime
import os
import signal
import time

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services
from reports.models import RunState
from reports.outputs import file_digest, run_folder
from tests.reports.factories import AnswerFactory, QuestionFactory, ReportRunFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL"),
]


def _wait(run, condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run.pk} stuck in {run.state} at {run.progress} %: {run.error}")


def _finished(run):
    return run.state in (RunState.SUCCEEDED, RunState.FAILED)


@pytest.fixture
def questions(db):
    first = QuestionFactory()
    rest = [
        QuestionFactory(chapter=first.chapter, consultation=first.consultation) for _ in range(3)
    ]
    for question in [first, *rest]:
        AnswerFactory.create_batch(3, question=question, body="Peacekeeping and trade")
    return [first, *rest]


def _worker(media_root, *, slow=False, beat_schedule=None, **env):
    """A worker on both queues; `slow`: each question pauses (SLOW_QUESTION_SECONDS, 2 s)."""
    from tests.celery_worker import running_worker

    return running_worker(
        # Threads, so that beat's watchdog runs while a report job is busy.
        pool="threads",
        concurrency=2,
        queues=("default", "reports"),
        extra_env={"REPORTS_ROOT": str(media_root), **env},
        app_module="tests.reports.slow_worker" if slow else "config",
        beat_schedule=beat_schedule,
    )


def _temporary_files(run):
    return sorted(path.name for path in run_folder(run.pk).glob(".*.tmp"))


@pytest.mark.parametrize("fanout", ["100", "2"], ids=["one-task", "chord"])
def test_a_report_runs_end_to_end_on_a_worker(questions, settings, fanout):
    with _worker(settings.REPORTS_ROOT, REPORT_FANOUT_MIN_QUESTIONS=fanout):
        run = services.report_run_start(
            consultation=questions[0].consultation, requested_by=None, cutoff=timezone.now()
        )
        run = _wait(run, _finished)
    assert run.state == RunState.SUCCEEDED, run.error
    assert run.progress == 100 and run.outputs.count() == len(services.OUTPUT_FILES)
    for output in run.outputs.all():
        assert file_digest(run_folder(run.pk) / output.path) == (output.size, output.sha256)


def test_killing_the_worker_mid_run_keeps_previous_outputs_and_the_retry_succeeds(
    questions, settings
):
    consultation = questions[0].consultation
    with _worker(settings.REPORTS_ROOT):
        previous = services.report_run_start(
            consultation=consultation, requested_by=None, cutoff=timezone.now()
        )
        previous = _wait(previous, _finished)
    assert previous.state == RunState.SUCCEEDED, previous.error
    before = {o.path: (o.size, o.sha256) for o in previous.outputs.all()}

    # A slow job (2 s per question), killed once it is half-way through the questions.
    with _worker(settings.REPORTS_ROOT, slow=True) as worker:
        run = services.report_run_start(
            consultation=consultation, requested_by=None, cutoff=timezone.now()
        )
        _wait(run, lambda r: r.progress_note.startswith("questions:2:"))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    run.refresh_from_db()
    assert run.state == RunState.RUNNING and run.outputs.count() == 0
    assert not list(run_folder(run.pk).glob("report-*"))  # nothing half-written in place
    for path, expected in before.items():
        assert file_digest(run_folder(previous.pk) / path) == expected

    # Staff may also retry a run that shows no sign of life, without waiting for the watchdog.
    settings.REPORT_HEARTBEAT_TIMEOUT_SECONDS = 0
    with _worker(settings.REPORTS_ROOT):
        services.report_run_retry(run=run, by=None)
        run = _wait(run, _finished)
    assert run.state == RunState.SUCCEEDED, run.error
    assert run.attempts == 2 and run.outputs.count() == len(services.OUTPUT_FILES)
    for path, expected in before.items():
        assert file_digest(run_folder(previous.pk) / path) == expected


# Short intervals for the watchdog tests: beats every 0.5 s, dead after 3 s of silence,
# the watchdog every second. Each question of the slow job takes 4 s, longer than the
# timeout: only the heartbeat thread keeps a working attempt from looking dead.
WATCHED = {
    "REPORT_HEARTBEAT_SECONDS": "0.5",
    "REPORT_HEARTBEAT_TIMEOUT_SECONDS": "3",
    "REPORT_WATCHDOG_SECONDS": "1",
    "SLOW_QUESTION_SECONDS": "4",
}


def test_a_killed_worker_is_noticed_and_its_run_retried_with_no_staff_action(
    questions, settings, tmp_path
):
    consultation = questions[0].consultation
    with _worker(
        settings.REPORTS_ROOT, slow=True, beat_schedule=tmp_path / "beat-1", **WATCHED
    ) as worker:
        run = services.report_run_start(
            consultation=consultation, requested_by=None, cutoff=timezone.now()
        )
        run = _wait(run, lambda r: r.progress_note.startswith("questions:2:"))
        # 8 s into a run whose steps each outlast the timeout, and still its first attempt.
        assert run.attempts == 1 and run.dead_attempts == 0
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    # What a kill while writing the files would have left behind.
    run_folder(run.pk).mkdir(parents=True, exist_ok=True)
    (run_folder(run.pk) / ".answers.csv.1.tmp").write_text("question_id,chap")
    run.refresh_from_db()
    assert run.state == RunState.RUNNING  # "running" but nobody is: the heartbeat stops

    with _worker(settings.REPORTS_ROOT, beat_schedule=tmp_path / "beat-2", **WATCHED):
        run = _wait(run, _finished)
    assert run.state == RunState.SUCCEEDED, run.error
    assert (
        run.attempts == 2
        and run.dead_attempts == 1
        and run.outputs.count() == len(services.OUTPUT_FILES)
    )
    assert _temporary_files(run) == []
    for output in run.outputs.all():
        assert file_digest(run_folder(run.pk) / output.path) == (output.size, output.sha256)


def test_a_run_queued_while_the_broker_was_down_is_picked_up(questions, settings, tmp_path):
    # The broker refused the task when staff started the run: the row was saved as
    # queued (the queueing helper logs the failure) and no message exists.
    run = ReportRunFactory(
        consultation=questions[0].consultation,
        state=RunState.QUEUED,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=2),
    )
    with _worker(settings.REPORTS_ROOT, beat_schedule=tmp_path / "beat", **WATCHED):
        run = _wait(run, _finished)
    assert run.state == RunState.SUCCEEDED and run.attempts == 1, run.error
    assert run.outputs.count() == len(services.OUTPUT_FILES)
