"""Report runs that never look healthy when dead, leave nothing behind, and a published
report that keeps the promise made to an author who withdraws an answer."""

import csv
import datetime
import errno
import io
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.models import Reason, Status
from moderation.services import status_change
from reports import outputs, services
from reports.models import ReportRun, RunState
from reports.outputs import file_digest, run_folder
from tests.reports.factories import AnswerFactory, QuestionFactory, ReportRunFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(minutes=5)


@pytest.fixture
def question():
    question = QuestionFactory()
    AnswerFactory.create_batch(3, question=question, body="Peacekeeping and trade")
    return question


def _temporary_files(run_id):
    return sorted(path.name for path in run_folder(run_id).glob(".*.tmp"))


def _dead_run(question, *, attempts=1, dead_attempts=0):
    """A run whose worker was killed: still "running", its heartbeat long silent."""
    run = ReportRunFactory(
        consultation=question.consultation,
        state=RunState.RUNNING,
        attempts=attempts,
        dead_attempts=dead_attempts,
        progress=88,
        progress_note="documents",
        started_at=timezone.now() - LONG_AGO,
        heartbeat_at=timezone.now() - LONG_AGO,
    )
    folder = run_folder(run.pk)
    folder.mkdir(parents=True)
    for attempt in range(1, attempts + 1):
        (folder / f".report-en.pdf.{attempt}.tmp").write_bytes(b"%PDF-1.7 half")
    return run


# --- the watchdog ------------------------------------------------------------------------


def test_a_dead_attempt_is_retried_by_the_watchdog_and_its_temp_files_removed(
    question, django_capture_on_commit_callbacks
):
    run = _dead_run(question)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_runs_watch() == [run.pk]
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    assert (
        run.attempts == 2
        and run.dead_attempts == 1
        and run.outputs.count() == len(services.OUTPUT_FILES)
    )
    assert _temporary_files(run.pk) == []


def test_the_attempt_limit_ends_in_failed_with_a_message_staff_can_read(
    client, staff, question, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_ATTEMPTS = 3
    run = _dead_run(question, attempts=3, dead_attempts=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_runs_watch()
    assert callbacks == []  # nothing queued again
    run.refresh_from_db()
    assert run.state == RunState.FAILED and run.attempts == 3 and run.finished_at
    assert _temporary_files(run.pk) == []

    client.force_login(staff)
    page = client.get(reverse("reports:staff_runs")).content.decode()
    assert "The run stopped responding 3 times" in page
    assert f"Retry run {run.pk}" in page
    french = client.get("/fr/personnel/rapports/").content.decode()
    assert "ne répondait plus" in french


def test_the_watchdog_leaves_a_live_attempt_alone(question, django_capture_on_commit_callbacks):
    run = ReportRunFactory(
        consultation=question.consultation,
        state=RunState.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_runs_watch() == []
        # A duplicate message (a watchdog on another machine, a redelivery) does not
        # restart an attempt that is working either.
        services.report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.state == RunState.RUNNING and run.attempts == 1


def test_a_run_left_queued_by_a_broker_outage_is_queued_again(
    question, django_capture_on_commit_callbacks
):
    run = ReportRunFactory(
        consultation=question.consultation,
        state=RunState.QUEUED,
        heartbeat_at=timezone.now() - LONG_AGO,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_runs_watch() == [run.pk]
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED and run.attempts == 1 and run.dead_attempts == 0


def test_the_staff_page_shows_the_attempt_and_the_last_sign_of_life(client, staff, question):
    ReportRunFactory(
        consultation=question.consultation,
        state=RunState.RUNNING,
        attempts=2,
        heartbeat_at=timezone.now(),
    )
    client.force_login(staff)
    page = client.get(reverse("reports:staff_runs")).content.decode()
    assert "Attempt 2" in page and "Last sign of life:" in page
    french = client.get("/fr/personnel/rapports/").content.decode()
    assert "Tentative 2" in french and "Dernier signe de vie" in french


# --- temporary files ---------------------------------------------------------------------


def test_a_new_attempt_removes_the_temp_files_of_superseded_attempts(
    question, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_run_start(
            consultation=question.consultation, requested_by=None, cutoff=timezone.now()
        )
    folder = run_folder(run.pk)
    # Left by attempts 1 and 2, which were superseded while writing.
    for name in (".answers.csv.1.tmp", ".report-fr.pdf.2.tmp"):
        (folder / name).write_bytes(b"half")
    ReportRun.objects.filter(pk=run.pk).update(state=RunState.FAILED, attempts=2)
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_run_retry(run=run, by=None)
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED and run.attempts == 3
    assert _temporary_files(run.pk) == []


class _FullDisk(io.FileIO):
    """A file on a disk that fills up after 100 bytes."""

    def write(self, data):
        room = 100 - self.tell()
        if len(data) > room:
            super().write(bytes(data[: max(room, 0)]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.name)
        return super().write(data)


def test_a_disk_error_leaves_no_partial_file_and_fails_with_a_clear_error(
    client, staff, question, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        good = services.report_run_start(
            consultation=question.consultation, requested_by=None, cutoff=timezone.now()
        )
    before = {o.path: (o.size, o.sha256) for o in good.outputs.all()}
    partial = []

    def opener(path, mode="r", *args, **kwargs):
        if ".answers.csv." in str(path) and "w" in mode:
            partial.append(path)
            return _FullDisk(path, "wb")
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(outputs, "open", opener, raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        bad = services.report_run_start(
            consultation=question.consultation, requested_by=None, cutoff=timezone.now()
        )
    bad.refresh_from_db()
    assert partial, "the full disk was never reached"
    assert bad.state == RunState.FAILED and bad.outputs.count() == 0
    assert not partial[0].exists()
    assert list(run_folder(bad.pk).iterdir()) == []
    for path, expected in before.items():
        assert file_digest(run_folder(good.pk) / path) == expected

    client.force_login(staff)
    page = client.get(reverse("reports:staff_runs")).content.decode()
    assert "The report files could not be written" in page
    assert "No space left on device" in page


# --- the published report keeps the author's promise ------------------------------------


@pytest.fixture
def published(question, staff, django_capture_on_commit_callbacks):
    quoted = AnswerFactory(
        question=question, featured=True, body="Quote me on peacekeeping", display_name="Ana"
    )
    AnswerFactory(question=question, featured=True, body="Trade builds bridges")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run = services.report_run_publish(run=run, by=staff)
    return run, quoted


def _answers_csv(client):
    response = client.get(reverse("reports:public_download", kwargs={"kind": "answers-csv"}))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return [row["body"] for row in csv.DictReader(io.StringIO(text))]


def test_a_hidden_answer_leaves_the_published_page_at_once(
    client, moderator, published, django_capture_on_commit_callbacks
):
    _run, quoted = published
    page = client.get("/en/report/").content.decode()
    assert "Quote me on peacekeeping" in page and "Trade builds bridges" in page
    # The re-issue is queued but has not run yet: the page alone must keep the promise.
    with django_capture_on_commit_callbacks(execute=False):
        status_change(
            target=quoted, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.values[0]
        )
    page = client.get("/en/report/").content.decode()
    assert "Quote me on peacekeeping" not in page
    assert "Trade builds bridges" in page and "In their words" in page
    french = client.get("/fr/rapport/").content.decode()
    assert "Quote me on peacekeeping" not in french


def test_a_withdrawn_answer_leaves_the_published_files_and_the_message_says_so(
    client, published, django_capture_on_commit_callbacks
):
    run, quoted = published
    bodies = _answers_csv(client)
    assert "Quote me on peacekeeping" in bodies
    checksums = {o.kind: o.sha256 for o in run.outputs.all()}

    client.force_login(quoted.author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("questions:withdraw", kwargs={"pk": quoted.pk}), follow=True)
    page = response.content.decode()
    assert "its quote leaves the published report at once" in page
    assert "files are re-issued without it within minutes" in page

    run.refresh_from_db()
    assert run.data_reissued == run.data_reissue_requested == 1 and run.data_reissued_at
    bodies = _answers_csv(client)
    assert "Quote me on peacekeeping" not in bodies and "Trade builds bridges" in bodies
    outputs_now = {o.kind: o for o in run.outputs.all()}
    for kind in services.REISSUED_KINDS:
        assert outputs_now[kind].sha256 != checksums[kind], kind
        path = run_folder(run.pk) / outputs_now[kind].path
        assert file_digest(path) == (outputs_now[kind].size, outputs_now[kind].sha256)
    # The counts stay the published record until the next report.
    assert outputs_now["aggregates-csv"].sha256 == checksums["aggregates-csv"]
    html = (run_folder(run.pk) / outputs_now["html-en"].path).read_text()
    assert "Quote me on peacekeeping" not in html and "Trade builds bridges" in html
    assert services.outputs_intact(run) and _temporary_files(run.pk) == []

    # Run twice, the task changes nothing.
    assert services.report_run_reissue(run.pk) is False


def test_an_older_reissue_never_replaces_a_newer_one(published):
    run, _quoted = published
    ReportRun.objects.filter(pk=run.pk).update(data_reissue_requested=2, data_reissued=2)
    assert services.report_run_reissue(run.pk) is False
    ReportRun.objects.filter(pk=run.pk).update(data_reissue_requested=3)
    # Leftovers of a re-issue killed while writing go with the next one.
    (run_folder(run.pk) / ".answers.csv.r2.tmp").write_bytes(b"half")
    assert services.report_run_reissue(run.pk) is True
    run.refresh_from_db()
    assert run.data_reissued == 3 and _temporary_files(run.pk) == []
