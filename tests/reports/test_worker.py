"""The report job on a real Celery worker consuming from Redis."""

import os
import signal
import time

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services
from reports.models import RunState
from reports.outputs import file_digest, run_folder
from tests.reports.factories import AnswerFactory, QuestionFactory

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


def _worker(media_root, **env):
    from tests.celery_worker import running_worker

    return running_worker(
        queues=("default", "reports"), extra_env={"REPORTS_ROOT": str(media_root), **env}
    )


@pytest.mark.parametrize("fanout", ["100", "2"], ids=["one-task", "chord"])
def test_a_report_runs_end_to_end_on_a_worker(questions, settings, fanout):
    with _worker(settings.REPORTS_ROOT, REPORT_FANOUT_MIN_QUESTIONS=fanout):
        run = services.report_run_start(
            consultation=questions[0].consultation, requested_by=None, cutoff=timezone.now()
        )
        run = _wait(run, _finished)
    assert run.state == RunState.SUCCEEDED, run.error
    assert run.progress == 100 and run.outputs.count() == 8
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
    with _worker(settings.REPORTS_ROOT, REPORT_TEST_DELAY_SECONDS="2") as worker:
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

    # Redis would redeliver only after its visibility timeout; staff retry the silent run.
    settings.REPORT_STALE_AFTER_SECONDS = 0
    with _worker(settings.REPORTS_ROOT):
        services.report_run_retry(run=run, by=None)
        run = _wait(run, _finished)
    assert run.state == RunState.SUCCEEDED, run.error
    assert run.attempts == 2 and run.outputs.count() == 8
    for path, expected in before.items():
        assert file_digest(run_folder(previous.pk) / path) == expected
