"""Report runs: start, execute (directly or fanned out per question), publish, retry.

A run's row is the source of truth: `attempts` numbers each execution, and every
write of an execution (progress, parts, the final state) is conditional on its
attempt still being the current one. A redelivered or retried task therefore
takes over cleanly, and a task that finds its run already succeeded does nothing.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from config.queueing import task_enqueue
from dialogue.models import Consultation, ConsultationState
from dialogue.selectors import current_consultation_or_none
from moderation.pii import pii_mask

from .datafiles import aggregates_write, answers_write, dictionary_write
from .document import report_html, report_pdf
from .models import ReportOutput, ReportPart, ReportRun, RunState
from .outputs import OutputSet, run_folder
from .phrases import key_terms
from .selectors import featured_quotes, figures_compute, nightly_draft_exists, report_questions

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
LANGUAGES = ("en", "fr")
# Files of a run: kind -> (file name, content type). The order is the order of the list pages.
OUTPUT_FILES = {
    "html-en": ("report-en.html", "text/html; charset=utf-8"),
    "html-fr": ("report-fr.html", "text/html; charset=utf-8"),
    "pdf-en": ("report-en.pdf", "application/pdf"),
    "pdf-fr": ("report-fr.pdf", "application/pdf"),
    "answers-csv": ("answers.csv", "text/csv; charset=utf-8"),
    "answers-jsonl": ("answers.jsonl", "application/jsonl; charset=utf-8"),
    "data-dictionary": ("data-dictionary.csv", "text/csv; charset=utf-8"),
    "aggregates-csv": ("aggregates.csv", "text/csv; charset=utf-8"),
}
# What anyone may download from the published run.
PUBLIC_KINDS = (
    "pdf-en",
    "pdf-fr",
    "answers-csv",
    "answers-jsonl",
    "data-dictionary",
    "aggregates-csv",
)
# Clock skew allowed between the staff member's browser and the server.
CUTOFF_GRACE = datetime.timedelta(minutes=5)


class RunSuperseded(Exception):
    """Another attempt owns the run now, or it is no longer running: stop quietly."""


# --- starting, retrying, publishing ------------------------------------------------------


# The progress note of a queued run whose task the broker did not take.
NOT_QUEUED = "not-queued"


def _enqueue(run: ReportRun) -> None:
    run_id = run.pk
    transaction.on_commit(lambda: _hand_over(run_id))


def _hand_over(run_id: int) -> None:
    """Queue the run's task; when the broker fails, the run stays queued and says so."""
    from .tasks import report_run_task

    if not task_enqueue(report_run_task, run_id):
        ReportRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(progress_note=NOT_QUEUED)


def report_run_start(*, consultation, requested_by, cutoff, is_nightly_draft=False):
    """Create a queued run and hand it to the worker once the row is committed."""
    if cutoff > timezone.now() + CUTOFF_GRACE:
        raise ValidationError(gettext("The cut-off time cannot be in the future."), code="future")
    with transaction.atomic():
        run = ReportRun.objects.create(
            consultation=consultation,
            requested_by=requested_by,
            cutoff=cutoff,
            is_nightly_draft=is_nightly_draft,
        )
        _enqueue(run)
    logger.info("report run %s queued (cut-off %s)", run.pk, cutoff.isoformat())
    return run


def run_is_stale(run, *, now=None):
    """A queued or running run nobody has touched for REPORT_STALE_AFTER_SECONDS."""
    if run.state not in (RunState.QUEUED, RunState.RUNNING):
        return False
    last_sign = run.heartbeat_at or run.started_at or run.created_at
    limit = datetime.timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    return last_sign < (now or timezone.now()) - limit


def run_can_retry(run: ReportRun) -> bool:
    not_queued = run.state == RunState.QUEUED and run.progress_note == NOT_QUEUED
    return run.state == RunState.FAILED or not_queued or run_is_stale(run)


def report_run_retry(*, run, by):
    """Queue a failed run again (or one whose worker went silent); its files are redone."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if not run_can_retry(run):
            raise ValidationError(
                gettext("Only a failed run, or one that has stopped responding, can be retried."),
                code="not-retriable",
            )
        run.state = RunState.QUEUED
        run.progress = 0
        run.progress_note = ""
        run.error = ""
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["state", "progress", "progress_note", "error", "heartbeat_at"])
        _enqueue(run)
    logger.info("report run %s retried by user %s", run.pk, getattr(by, "pk", None))
    return run


def outputs_intact(run):
    """Every recorded file of the run is on disk with its recorded size."""
    folder = run_folder(run.pk)
    for output in run.outputs.all():
        try:
            if (folder / output.path).stat().st_size != output.size:
                return False
        except OSError:
            return False
    return True


def report_run_publish(*, run, by):
    """Make `run` the consultation's final report; the one published before is withdrawn."""
    with transaction.atomic():
        # Lock the consultation: two publications at once must not both pass the check.
        consultation = Consultation.objects.select_for_update().get(pk=run.consultation_id)
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.state != RunState.SUCCEEDED:
            raise ValidationError(
                gettext("Only a run that succeeded can be published."), code="not-succeeded"
            )
        if not outputs_intact(run):
            raise ValidationError(
                gettext("The files of this run are missing or damaged: run the report again."),
                code="damaged",
            )
        if run.published:
            return run
        ReportRun.objects.filter(consultation_id=run.consultation_id, published=True).update(
            published=False
        )
        run.published = True
        run.published_at = timezone.now()
        run.save(update_fields=["published", "published_at"])
        # A closed consultation whose report is out is "reported"; an interim report
        # published while it is still open leaves it open.
        if consultation.has_closed and consultation.state != ConsultationState.REPORTED:
            consultation.state = ConsultationState.REPORTED
            consultation.save(update_fields=["state", "updated_at"])
    logger.info("report run %s published by user %s", run.pk, getattr(by, "pk", None))
    return run


def report_run_nightly_draft(*, now=None):
    """Beat's nightly job: one draft run a day while the current consultation is open."""
    now = now or timezone.now()
    consultation = current_consultation_or_none()
    if consultation is None or not consultation.is_open:
        return None
    with transaction.atomic():
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        if nightly_draft_exists(consultation=consultation, day=timezone.localdate(now)):
            return None
        return report_run_start(
            consultation=consultation, requested_by=None, cutoff=now, is_nightly_draft=True
        )


# --- progress ---------------------------------------------------------------------------


def progress_text(run: ReportRun) -> str:
    """The progress note of a run in the reader's language (notes are stored as codes)."""
    note = run.progress_note
    if run.state == RunState.QUEUED:
        if note == NOT_QUEUED:
            return gettext(
                "Not started: the task queue did not answer. Retry the run once it is back."
            )
        return gettext("Waiting for a worker.")
    if note.startswith("questions:"):
        done, total = (int(n) for n in note.split(":")[1:3])
        return ngettext(
            "Key terms and quotes: %(done)s of %(total)s question.",
            "Key terms and quotes: %(done)s of %(total)s questions.",
            total,
        ) % {"done": done, "total": total}
    return {
        "claimed": gettext("Started."),
        "figures": gettext("Counting participation."),
        "data": gettext("Writing the open-data files."),
        "documents": gettext("Writing the HTML and PDF reports."),
        "checking": gettext("Checking the files."),
        "done": gettext("Finished."),
    }.get(note, "")


def _progress(run_id, attempt, percent, note):
    updated = ReportRun.objects.filter(pk=run_id, attempts=attempt, state=RunState.RUNNING).update(
        progress=percent, progress_note=note, heartbeat_at=timezone.now()
    )
    if not updated:
        raise RunSuperseded


def _current(run_id, attempt):
    run = ReportRun.objects.select_related("consultation").get(pk=run_id)
    if run.attempts != attempt or run.state != RunState.RUNNING:
        raise RunSuperseded
    return run


def report_run_fail(*, run_id, error, attempt=None):
    """Mark the run failed with `error` unless it finished or another attempt took over."""
    runs = ReportRun.objects.filter(pk=run_id, state__in=[RunState.QUEUED, RunState.RUNNING])
    if attempt is not None:
        runs = runs.filter(attempts=attempt)
    runs.update(
        state=RunState.FAILED,
        error=str(error)[:2000] or error.__class__.__name__,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def _guarded(function):
    """Stop quietly when superseded; let transient errors reach the task's retry;
    mark the run failed, with the error, on anything else."""

    def wrapper(*, run_id, attempt, **kwargs):
        try:
            return function(run_id=run_id, attempt=attempt, **kwargs)
        except RunSuperseded:
            logger.info("report run %s: attempt %s superseded", run_id, attempt)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            logger.exception("report run %s failed", run_id)
            report_run_fail(
                run_id=run_id, attempt=attempt, error=f"{exc.__class__.__name__}: {exc}"
            )
        return None

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


# --- the job ----------------------------------------------------------------------------


def _claim(run_id):
    """Take the run for a new attempt; None when there is nothing to do."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state not in (RunState.QUEUED, RunState.RUNNING):
            return None
        run.attempts += 1
        run.state = RunState.RUNNING
        run.progress = 1
        run.progress_note = "claimed"
        run.error = ""
        run.started_at = timezone.now()
        run.heartbeat_at = run.started_at
        run.save(
            update_fields=[
                "attempts",
                "state",
                "progress",
                "progress_note",
                "error",
                "started_at",
                "heartbeat_at",
            ]
        )
        ReportPart.objects.filter(run=run).delete()
    return run.attempts


def fan_out_wanted(question_count):
    from config.celery import app

    if question_count < settings.REPORT_FANOUT_MIN_QUESTIONS:
        return False
    # A chord needs a result backend to join on, except when tasks run in-process.
    return bool(app.conf.task_always_eager or app.conf.result_backend)


def report_run_execute(run_id):
    """Run the job for `run_id`: per-question parts, then the outputs."""
    attempt = _claim(run_id)
    if attempt is None:
        return
    _execute(run_id=run_id, attempt=attempt)


@_guarded
def _execute(*, run_id, attempt):
    run = _current(run_id, attempt)
    question_ids = list(
        report_questions(consultation=run.consultation).values_list("pk", flat=True)
    )
    total = len(question_ids)
    if fan_out_wanted(total):
        from celery import chord

        from .tasks import report_assemble_task, report_part_task

        _progress(run_id, attempt, 2, f"questions:0:{total}")
        chord(
            [
                report_part_task.si(run_id, question_id, attempt, total)
                for question_id in question_ids
            ]
        )(report_assemble_task.si(run_id, attempt))
        return
    for question_id in question_ids:
        _part_compute(run_id=run_id, attempt=attempt, question_id=question_id, total=total)
    _assemble(run_id=run_id, attempt=attempt)


def _part_compute(*, run_id, attempt, question_id, total):
    run = _current(run_id, attempt)
    delay = settings.REPORT_TEST_DELAY_SECONDS
    if delay:
        time.sleep(delay)
    data = {
        "terms": {
            code: key_terms(question_id=question_id, language=code, cutoff=run.cutoff)
            for code in LANGUAGES
        },
        "quotes": [
            {
                **quote,
                "body": pii_mask(quote["body"]),
                "display_name": pii_mask(quote["display_name"]),
            }
            for quote in featured_quotes(question_id=question_id, cutoff=run.cutoff)
        ],
    }
    ReportPart.objects.update_or_create(
        run_id=run_id, question_id=question_id, defaults={"data": data}
    )
    done = ReportPart.objects.filter(run_id=run_id).count()
    _progress(run_id, attempt, 2 + (78 * done) // max(total, 1), f"questions:{done}:{total}")


report_part_compute = _guarded(_part_compute)


def _assemble(*, run_id, attempt):
    """Write, check and swap in every output; only then mark the run succeeded."""
    run = _current(run_id, attempt)
    consultation, cutoff = run.consultation, run.cutoff
    _progress(run_id, attempt, 81, "figures")
    figures = figures_compute(consultation=consultation, cutoff=cutoff)
    questions = list(report_questions(consultation=consultation))
    parts = {part.question_id: part.data for part in ReportPart.objects.filter(run_id=run_id)}
    missing = [question.pk for question in questions if question.pk not in parts]
    if missing:
        raise RuntimeError(f"no results for questions {missing}")

    outputs = OutputSet(run_id=run_id, attempt=attempt)
    try:
        _progress(run_id, attempt, 84, "data")

        def name(kind):
            return {
                "kind": kind,
                "name": OUTPUT_FILES[kind][0],
                "content_type": OUTPUT_FILES[kind][1],
            }

        with (
            outputs.open(**name("answers-csv")) as csv_file,
            outputs.open(**name("answers-jsonl")) as jsonl_file,
        ):
            answers_write(
                consultation=consultation,
                cutoff=cutoff,
                csv_stream=csv_file,
                jsonl_stream=jsonl_file,
            )
        with outputs.open(**name("data-dictionary")) as stream:
            dictionary_write(stream)
        with outputs.open(**name("aggregates-csv")) as stream:
            aggregates_write(stream=stream, figures=figures, questions=questions)

        _progress(run_id, attempt, 88, "documents")
        for language in LANGUAGES:
            html = report_html(
                run=run, language=language, questions=questions, figures=figures, parts=parts
            )
            outputs.write_bytes(**name(f"html-{language}"), data=html.encode())
            outputs.write_bytes(**name(f"pdf-{language}"), data=report_pdf(html))
            _progress(run_id, attempt, 93 if language == "en" else 97, "documents")

        _progress(run_id, attempt, 98, "checking")
        written = outputs.commit()
    except BaseException:
        outputs.discard()
        raise

    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.attempts != attempt or run.state != RunState.RUNNING:
            raise RunSuperseded
        run.outputs.all().delete()
        ReportOutput.objects.bulk_create(
            ReportOutput(
                run=run,
                kind=item.kind,
                path=item.name,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
            )
            for item in written
        )
        run.state = RunState.SUCCEEDED
        run.progress = 100
        run.progress_note = "done"
        run.figures = figures
        run.error = ""
        run.finished_at = timezone.now()
        run.heartbeat_at = run.finished_at
        run.save(
            update_fields=[
                "state",
                "progress",
                "progress_note",
                "figures",
                "error",
                "finished_at",
                "heartbeat_at",
            ]
        )
    logger.info("report run %s succeeded (attempt %s)", run_id, attempt)


report_run_assemble = _guarded(_assemble)


def output_path(output):
    """The file of an output, refusing anything outside its run's folder."""
    folder = run_folder(output.run_id)
    path = (folder / output.path).resolve()
    if path.parent != folder.resolve():
        raise ValueError("output outside its run folder")
    return path


__all__ = [
    "OUTPUT_FILES",
    "PUBLIC_KINDS",
    "output_path",
    "outputs_intact",
    "progress_text",
    "report_part_compute",
    "report_run_assemble",
    "report_run_execute",
    "report_run_fail",
    "report_run_nightly_draft",
    "report_run_publish",
    "report_run_retry",
    "report_run_start",
    "run_can_retry",
]
