"""Beat's sweep of analysis jobs: jobs whose message was lost are queued again, jobs
whose worker went silent fail with a message staff can read; running it twice is
harmless."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone, translation

from analysis import jobs
from analysis.models import AnalysisJob, JobState
from config.celery import app
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager() -> Iterator[None]:
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _job(state: str, *, age: datetime.timedelta, **fields: Any) -> AnalysisJob:
    question = QuestionFactory()
    AnswerFactory(question=question)
    job = AnalysisJob.objects.create(
        consultation=question.consultation,
        kind=AnalysisJob.Kind.DUPLICATES,
        question=question,
        requested_by=UserFactory(role="analyst"),
        state=state,
        **fields,
    )
    AnalysisJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    return job


def test_a_job_left_queued_is_queued_again_once_and_runs(
    django_capture_on_commit_callbacks: Any,
) -> None:
    stuck = _job(JobState.QUEUED, age=datetime.timedelta(minutes=10))
    recent = _job(JobState.QUEUED, age=datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requeued, failed = jobs.analysis_jobs_sweep()
    assert (requeued, failed) == ([stuck.pk], [])
    assert len(callbacks) == 1
    # A second sweep before the next period leaves it alone: one message, not two.
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert jobs.analysis_jobs_sweep() == ([], [])
    assert again == []
    callbacks[0]()  # the broker is back: the message is delivered
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.state == JobState.SUCCEEDED and stuck.started_at is not None
    assert recent.state == JobState.QUEUED and recent.requeued_at is None


def test_a_job_whose_worker_went_silent_fails_with_a_message() -> None:
    now = timezone.now()
    silent = _job(
        JobState.RUNNING,
        age=datetime.timedelta(hours=3),
        started_at=now - datetime.timedelta(seconds=settings.ANALYSIS_JOB_SILENT_SECONDS + 60),
    )
    busy = _job(
        JobState.RUNNING,
        age=datetime.timedelta(hours=3),
        started_at=now - datetime.timedelta(1 / 24 / 60),
    )
    assert jobs.analysis_jobs_sweep(now=now) == ([], [silent.pk])
    assert jobs.analysis_jobs_sweep(now=now) == ([], [])
    silent.refresh_from_db()
    busy.refresh_from_db()
    assert silent.state == JobState.FAILED and silent.finished_at == now
    assert busy.state == JobState.RUNNING
    with translation.override("en"):
        assert "stopped answering" in silent.error_text()
    with translation.override("fr"):
        assert "ne répondait plus" in silent.error_text()
    # A late message of the failed job does nothing.
    assert jobs.analysis_job_execute(silent.pk) is False


def test_beat_runs_the_sweep() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["analysis-jobs-sweep"]
    assert entry["task"] == "analysis.jobs_sweep"
    assert "analysis.jobs_sweep" in app.tasks
