import datetime

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone, translation

from config.spreadsheets import csv_cell
from dialogue.models import ConsultationState
from reports import services
from reports.formatting import suppress
from reports.models import ReportPart, ReportRun, RunState
from reports.outputs import file_digest, run_folder
from reports.phrases import _themes_portable, key_terms
from reports.tasks import report_run_task
from tests.reports.factories import AnswerFactory, QuestionFactory, ReportRunFactory

pytestmark = pytest.mark.django_db


def test_suppress_hides_counts_of_fewer_than_five():
    assert [suppress(n) for n in (0, 1, 4)] == ["fewer than 5"] * 3
    assert suppress(5) == 5 and suppress(1234) == 1234
    assert suppress(3, language="en") == "fewer than 5"
    with translation.override("fr"):
        french = suppress(3)
    assert suppress(3, language="fr") == french
    assert suppress(4, language="fr") != 4


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\0x", "\rx"])
def test_csv_cells_that_look_like_formulas_are_escaped(cell):
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("plain") == "plain" and csv_cell(-3) == -3 and csv_cell(None) == ""


@pytest.fixture
def question():
    return QuestionFactory()


def _start(question, staff, capture, **kwargs):
    with capture(execute=True):
        run = services.report_run_start(
            consultation=question.consultation,
            requested_by=staff,
            cutoff=kwargs.pop("cutoff", timezone.now()),
            **kwargs,
        )
    run.refresh_from_db()
    return run


def test_task_run_twice_changes_nothing(question, staff, django_capture_on_commit_callbacks):
    AnswerFactory.create_batch(3, question=question)
    run = _start(question, staff, django_capture_on_commit_callbacks)
    assert run.state == RunState.SUCCEEDED and run.attempts == 1
    before = {o.kind: (o.sha256, o.size) for o in run.outputs.all()}
    report_run_task.delay(run.pk)  # a redelivered message
    run.refresh_from_db()
    assert run.attempts == 1 and {o.kind: (o.sha256, o.size) for o in run.outputs.all()} == before


def test_a_failing_run_says_failed_and_keeps_previous_outputs(
    question, staff, django_capture_on_commit_callbacks, monkeypatch
):
    AnswerFactory.create_batch(3, question=question)
    good = _start(question, staff, django_capture_on_commit_callbacks)
    sums = {o.path: o.sha256 for o in good.outputs.all()}

    def broken(html):
        raise RuntimeError("the PDF engine stopped")

    monkeypatch.setattr(services, "report_pdf", broken)
    bad = _start(question, staff, django_capture_on_commit_callbacks)
    assert bad.state == RunState.FAILED
    assert "the PDF engine stopped" in bad.error
    assert bad.outputs.count() == 0
    assert not list(run_folder(bad.pk).glob("*"))  # temporary files removed
    for path, sha in sums.items():
        assert file_digest(run_folder(good.pk) / path)[1] == sha

    # The same run, retried, rewrites its own files and succeeds.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_run_retry(run=bad, by=staff)
    bad.refresh_from_db()
    assert (
        bad.state == RunState.SUCCEEDED
        and bad.attempts == 2
        and bad.outputs.count() == len(services.OUTPUT_FILES)
    )


def test_a_rerun_of_the_same_run_overwrites_its_files_atomically(
    question, staff, django_capture_on_commit_callbacks
):
    AnswerFactory.create_batch(3, question=question)
    run = _start(question, staff, django_capture_on_commit_callbacks)
    data_sums = {
        o.kind: o.sha256
        for o in run.outputs.all()
        if not o.kind.startswith(("html", "pdf", "docx"))
    }
    ReportRun.objects.filter(pk=run.pk).update(state=RunState.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_run_retry(run=run, by=staff)
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED
    assert {
        k: v for k, v in ((o.kind, o.sha256) for o in run.outputs.all()) if k in data_sums
    } == data_sums
    for output in run.outputs.all():
        assert file_digest(run_folder(run.pk) / output.path) == (output.size, output.sha256)
    assert sorted(p.name for p in run_folder(run.pk).iterdir()) == sorted(
        o.path for o in run.outputs.all()
    )


def test_a_checksum_mismatch_fails_the_run(
    question, staff, django_capture_on_commit_callbacks, monkeypatch
):
    from reports import outputs

    real = outputs.file_digest

    def truncated(path):
        size, sha = real(path)
        return (
            (size - 1, sha)
            if str(path).endswith(".tmp") and "answers.csv" in str(path)
            else (size, sha)
        )

    monkeypatch.setattr(outputs, "file_digest", truncated)
    run = _start(question, staff, django_capture_on_commit_callbacks)
    assert run.state == RunState.FAILED and "answers.csv: expected" in run.error
    assert run.outputs.count() == 0


def test_transient_database_errors_are_retried(
    question, staff, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    real = services.figures_compute

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "figures_compute", flaky)
    # In-process (eager) Celery hands the retry back as an exception; a worker would
    # schedule it. Either way the attempt hands the run back to the queue (so the retry
    # may claim it at once, its heartbeat still fresh) and the retried task finishes it.
    with pytest.raises(Retry):
        _start(question, staff, django_capture_on_commit_callbacks)
    run = ReportRun.objects.get()
    assert run.state == RunState.QUEUED and run.error == ""
    report_run_task.delay(run.pk)
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED and len(calls) == 2 and run.attempts == 2


def test_publish_only_succeeded_runs_one_at_a_time(
    question, staff, django_capture_on_commit_callbacks
):
    first = _start(question, staff, django_capture_on_commit_callbacks)
    second = _start(question, staff, django_capture_on_commit_callbacks)
    failed = ReportRunFactory(consultation=question.consultation, state=RunState.FAILED)
    with pytest.raises(ValidationError):
        services.report_run_publish(run=failed, by=staff)
    services.report_run_publish(run=first, by=staff)
    services.report_run_publish(run=second, by=staff)
    assert list(ReportRun.objects.filter(published=True)) == [second]
    (run_folder(first.pk) / "report-en.pdf").unlink()
    with pytest.raises(ValidationError, match="missing or damaged"):
        services.report_run_publish(run=first, by=staff)


def test_the_cutoff_cannot_be_in_the_future(question, staff):
    with pytest.raises(ValidationError):
        services.report_run_start(
            consultation=question.consultation,
            requested_by=staff,
            cutoff=timezone.now() + datetime.timedelta(hours=1),
        )


def test_nightly_draft_once_a_day_while_open(question, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.report_run_nightly_draft()
    assert draft.is_nightly_draft and not draft.published
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_run_nightly_draft() is None
    assert ReportRun.objects.count() == 1
    consultation = question.consultation
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    ReportRun.objects.all().delete()
    assert services.report_run_nightly_draft() is None


def test_fanned_out_run_stores_one_part_per_question(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_FANOUT_MIN_QUESTIONS = 2
    first = QuestionFactory()
    QuestionFactory(chapter=first.chapter, consultation=first.consultation)
    run = _start(first, staff, django_capture_on_commit_callbacks)
    assert run.state == RunState.SUCCEEDED
    assert ReportPart.objects.filter(run=run).count() == 2


def test_key_terms_are_deterministic_with_stop_words_removed(question):
    for body in [
        "The peacekeeping missions and the peacekeepers",
        "Peacekeeping matters; trade matters too",
        "Trade and the Arctic",
    ]:
        AnswerFactory(question=question, body=body, language="en")
    AnswerFactory(question=question, body="La paix et la sécurité de la paix", language="fr")
    cutoff = timezone.now()
    terms = key_terms(question_id=question.pk, language="en", cutoff=cutoff)
    assert terms == key_terms(question_id=question.pk, language="en", cutoff=cutoff)
    words = [word for word, _n, _docs in terms]
    assert words[0] == "peacekeeping" and "the" not in words and "and" not in words
    assert {w: (n, d) for w, n, d in terms}["trade"] == (2, 2)
    french = [
        word for word, _n, _docs in key_terms(question_id=question.pk, language="fr", cutoff=cutoff)
    ]
    assert french[0] == "paix" and "la" not in french
    # The portable counting agrees with the database's on the top term.
    assert _themes_portable(question.pk, "en", cutoff, 1, 1)["words"][0][0] == "peacekeeping"


def test_publishing_after_closing_marks_the_consultation_reported(
    question, staff, django_capture_on_commit_callbacks
):
    run = _start(question, staff, django_capture_on_commit_callbacks)
    services.report_run_publish(run=run, by=staff)
    question.consultation.refresh_from_db()
    assert question.consultation.state == ConsultationState.OPEN  # an interim report
    consultation = question.consultation
    consultation.state = ConsultationState.CLOSED
    consultation.save(update_fields=["state"])
    again = _start(question, staff, django_capture_on_commit_callbacks)
    services.report_run_publish(run=again, by=staff)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.REPORTED
