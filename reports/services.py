"""Report runs: start, execute (directly or fanned out per question), publish, retry.

A run's row is the source of truth: `attempts` numbers each execution, and every
write of an execution (progress, parts, the final state) is conditional on its
attempt still being the current one. A redelivered or retried task therefore
takes over cleanly, and a task that finds its run already succeeded does nothing.

While an attempt works it writes a heartbeat (`heartbeat_at`) from a thread of its
own, so that even a long step (a PDF) shows a sign of life. Beat's watchdog
(`report_runs_watch`) takes an attempt silent for REPORT_HEARTBEAT_TIMEOUT_SECONDS
for dead: the run is queued again as a new attempt, up to REPORT_MAX_ATTEMPTS, then
failed with an error staff can read. It also queues again a run still waiting
because the broker was down when it was started.
"""

import contextlib
import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection, connections, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from config.queueing import task_enqueue
from dialogue.models import Consultation, ConsultationState
from dialogue.selectors import current_consultation_or_none
from moderation.models import Status
from moderation.pii import pii_mask
from questions.models import Question

from .authored import publishing_texts_check, texts_for_report
from .datafiles import aggregates_write, answers_write, dictionary_write
from .document import quote_ids, quotes_keep, report_body, report_html, report_pdf
from .docx_output import report_docx
from .models import ReportOutput, ReportPart, ReportRun, RunState
from .outputs import REISSUE_PREFIX, OutputSet, run_folder, temp_files_remove
from .phrases import themes
from .quotes import one_quote_per_person, report_quotes
from .selectors import (
    figures_compute,
    nightly_draft_exists,
    public_answer_ids,
    report_questions,
)
from .suppression import protected_figures

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
LANGUAGES = ("en", "fr")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Files of a run: kind -> (file name, content type). The order is the order of the list pages.
OUTPUT_FILES = {
    "html-en": ("report-en.html", "text/html; charset=utf-8"),
    "html-fr": ("report-fr.html", "text/html; charset=utf-8"),
    "pdf-en": ("report-en.pdf", "application/pdf"),
    "pdf-fr": ("report-fr.pdf", "application/pdf"),
    "docx-en": ("report-en.docx", DOCX),
    "docx-fr": ("report-fr.docx", DOCX),
    "answers-csv": ("answers.csv", "text/csv; charset=utf-8"),
    "answers-jsonl": ("answers.jsonl", "application/jsonl; charset=utf-8"),
    "data-dictionary": ("data-dictionary.csv", "text/csv; charset=utf-8"),
    "aggregates-csv": ("aggregates.csv", "text/csv; charset=utf-8"),
}
# What anyone may download from the published run.
PUBLIC_KINDS = (
    "pdf-en",
    "pdf-fr",
    "docx-en",
    "docx-fr",
    "answers-csv",
    "answers-jsonl",
    "data-dictionary",
    "aggregates-csv",
)
# The files a re-issue rewrites when an answer in them leaves public view: those that
# carry answers' text. The counts (aggregates, figures) stay the published record.
REISSUED_KINDS = (
    "answers-csv",
    "answers-jsonl",
    "html-en",
    "html-fr",
    "pdf-en",
    "pdf-fr",
    "docx-en",
    "docx-fr",
)
# Clock skew allowed between the staff member's browser and the server.
CUTOFF_GRACE = datetime.timedelta(minutes=5)
# Error codes stored on a run, translated when shown (`error_text`).
ERROR_STOPPED = "stopped-responding"
ERROR_WRITE = "write-failed"


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


def report_run_start(
    *,
    consultation: Consultation,
    requested_by: Any,
    cutoff: datetime.datetime,
    is_nightly_draft: bool = False,
    enqueue: bool = True,
) -> ReportRun:
    """Create a queued run and hand it to the worker once the row is committed.

    With `enqueue=False` nothing is queued: the caller runs it in its own process with
    `report_run_execute(run.pk)`, what the task does (`manage.py report_run`)."""
    if cutoff > timezone.now() + CUTOFF_GRACE:
        raise ValidationError(gettext("The cut-off time cannot be in the future."), code="future")
    with transaction.atomic():
        run = ReportRun.objects.create(
            consultation=consultation,
            requested_by=requested_by,
            cutoff=cutoff,
            is_nightly_draft=is_nightly_draft,
            heartbeat_at=timezone.now(),
        )
        if enqueue:
            _enqueue(run)
    logger.info("report run %s queued (cut-off %s)", run.pk, cutoff.isoformat())
    return run


def _timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.REPORT_HEARTBEAT_TIMEOUT_SECONDS)


def run_is_stale(run: ReportRun, *, now: datetime.datetime | None = None) -> bool:
    """A queued or running run with no sign of life for REPORT_HEARTBEAT_TIMEOUT_SECONDS."""
    if run.state not in (RunState.QUEUED, RunState.RUNNING):
        return False
    last_sign = run.heartbeat_at or run.started_at or run.created_at
    return last_sign < (now or timezone.now()) - _timeout()


def run_can_retry(run: ReportRun) -> bool:
    not_queued = run.state == RunState.QUEUED and run.progress_note == NOT_QUEUED
    return run.state == RunState.FAILED or not_queued or run_is_stale(run)


def report_run_retry(*, run: ReportRun, by: Any) -> ReportRun:
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
        run.dead_attempts = 0  # staff give it a fresh allowance of attempts
        run.heartbeat_at = timezone.now()
        run.save(
            update_fields=[
                "state",
                "progress",
                "progress_note",
                "error",
                "dead_attempts",
                "heartbeat_at",
            ]
        )
        _enqueue(run)
    logger.info("report run %s retried by user %s", run.pk, getattr(by, "pk", None))
    return run


# --- the watchdog ----------------------------------------------------------------------


def report_runs_watch(*, now: datetime.datetime | None = None) -> list[int]:
    """Beat's watchdog: retry runs whose attempt died, queue again runs never picked up.

    Returns the ids of the runs it acted on. Safe to run twice or on two machines:
    each run is handled under its row lock and only while it is still stale.
    """
    now = now or timezone.now()
    stale = (
        ReportRun.objects.annotate(last_sign=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(state__in=[RunState.QUEUED, RunState.RUNNING], last_sign__lt=now - _timeout())
        .values_list("pk", flat=True)
    )
    return [pk for pk in list(stale) if _run_revive(pk, now=now)]


def _run_revive(run_id: int, *, now: datetime.datetime) -> bool:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update(skip_locked=True).filter(pk=run_id).first()
        if run is None or not run_is_stale(run, now=now):
            return False
        dead_attempt = run.attempts if run.state == RunState.RUNNING else None
        if dead_attempt is not None:
            run.dead_attempts += 1
            logger.warning(
                "report run %s: attempt %s stopped responding (last sign of life %s)",
                run.pk,
                dead_attempt,
                run.heartbeat_at,
            )
        if run.dead_attempts >= settings.REPORT_MAX_ATTEMPTS:
            run.state = RunState.FAILED
            run.error = f"{ERROR_STOPPED}:{run.dead_attempts}"
            run.finished_at = now
            fields = ["state", "error", "finished_at", "dead_attempts"]
        else:
            # Queued again as a new attempt; the heartbeat restarts the clock so the
            # next watch does not queue it twice before a worker claims it.
            run.state = RunState.QUEUED
            run.progress = 0
            run.progress_note = ""
            run.heartbeat_at = now
            fields = ["state", "progress", "progress_note", "heartbeat_at", "dead_attempts"]
            _enqueue(run)
        run.save(update_fields=fields)
    if dead_attempt is not None:
        # The dead attempt (and any before it) will never finish its files.
        temp_files_remove(run.pk, below=dead_attempt + 1)
    logger.info("report run %s: watchdog left it %s", run.pk, run.state)
    return True


def outputs_intact(run: ReportRun) -> bool:
    """Every recorded file of the run is on disk with its recorded size."""
    folder = run_folder(run.pk)
    for output in run.outputs.all():
        try:
            if (folder / output.path).stat().st_size != output.size:
                return False
        except OSError:
            return False
    return True


def report_run_publish(*, run: ReportRun, by: "User | None") -> ReportRun:
    """Make `run` the consultation's final report; the one published before is withdrawn."""
    with transaction.atomic():
        # Lock the consultation: two publications at once must not both pass the check.
        consultation = Consultation.objects.select_for_update().get(pk=run.consultation_id)
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.state != RunState.SUCCEEDED:
            raise ValidationError(
                gettext("Only a run that succeeded can be published."), code="not-succeeded"
            )
        publishing_texts_check(consultation=consultation)
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


def report_run_nightly_draft(*, now: datetime.datetime | None = None) -> ReportRun | None:
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
    if note.startswith("data:"):
        rows = int(note.split(":")[1])
        return ngettext(
            "Writing the open-data files: %(count)s answer written.",
            "Writing the open-data files: %(count)s answers written.",
            rows,
        ) % {"count": number_format(rows, force_grouping=True)}
    return {
        "claimed": gettext("Started."),
        "figures": gettext("Counting participation."),
        "data": gettext("Writing the open-data files."),
        "documents": gettext("Writing the HTML and PDF reports."),
        "checking": gettext("Checking the files."),
        "done": gettext("Finished."),
    }.get(note, "")


def error_text(run: ReportRun) -> str:
    """The error of a failed run in the reader's language (the watchdog's are codes)."""
    code, _sep, detail = run.error.partition(":")
    if code == ERROR_STOPPED and detail.isdigit():
        count = int(detail)
        return ngettext(
            "The run stopped responding %(count)s time (its worker was stopped or died) "
            "and was not tried again. Check that the report workers are running, then retry it.",
            "The run stopped responding %(count)s times (its worker was stopped or died) "
            "and was not tried again. Check that the report workers are running, then retry it.",
            count,
        ) % {"count": count}
    if code == ERROR_WRITE:
        return gettext(
            "The report files could not be written (%(detail)s). Nothing was left half-written; "
            "free some space on the disk or fix its permissions, then retry the run."
        ) % {"detail": detail.strip()}
    return run.error


def _beat(run_id: int, attempt: int) -> bool:
    """One sign of life of `attempt`; False once another attempt owns the run."""
    return bool(
        ReportRun.objects.filter(pk=run_id, attempts=attempt, state=RunState.RUNNING).update(
            heartbeat_at=timezone.now()
        )
    )


class _Heartbeat:
    """Beats for one attempt from a thread, so a long step (a PDF) still shows life.

    In-process (eager) runs need none: nothing can kill them apart from the request
    that runs them, and a second connection would fight the caller's transaction.
    """

    def __init__(self, run_id: int, attempt: int) -> None:
        self.run_id, self.attempt = run_id, attempt
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> "_Heartbeat":
        from celery import current_app as app

        interval = settings.REPORT_HEARTBEAT_SECONDS
        if interval > 0 and not app.conf.task_always_eager:
            self.thread = threading.Thread(
                target=self._run,
                args=(interval,),
                name=f"report-heartbeat-{self.run_id}",
                daemon=True,
            )
            self.thread.start()
        return self

    def _run(self, interval: float) -> None:
        try:
            while not self.stopped.wait(interval):
                try:
                    if not _beat(self.run_id, self.attempt):
                        return  # superseded: the job's own next write will notice
                except Exception:  # a database blip: the next beat may get through
                    logger.warning("report run %s: heartbeat not written", self.run_id)
        finally:
            connections.close_all()  # this thread's connections only

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=30)


# Called in-process with (run_id, percent, note) at each step: `manage.py report_run`
# prints its progress line from here rather than reading the row back.
_progress_watchers: list[Callable[[int, int, str], None]] = []


@contextlib.contextmanager
def progress_watch(watcher: Callable[[int, int, str], None]) -> Iterator[None]:
    """Call `watcher(run_id, percent, note)` at every progress step of runs executed in
    this process while the block runs."""
    _progress_watchers.append(watcher)
    try:
        yield
    finally:
        _progress_watchers.remove(watcher)


def _progress(run_id: int, attempt: int, percent: int, note: str) -> None:
    updated = ReportRun.objects.filter(pk=run_id, attempts=attempt, state=RunState.RUNNING).update(
        progress=percent, progress_note=note, heartbeat_at=timezone.now()
    )
    if not updated:
        raise RunSuperseded
    for watcher in _progress_watchers:
        watcher(run_id, percent, note)


def _current(run_id: int, attempt: int) -> ReportRun:
    run = ReportRun.objects.select_related("consultation").get(pk=run_id)
    if run.attempts != attempt or run.state != RunState.RUNNING:
        raise RunSuperseded
    return run


def report_run_fail(*, run_id: int, error: str | BaseException, attempt: int | None = None) -> None:
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


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """Stop quietly when superseded; let transient errors reach the task's retry;
    mark the run failed, with the error, on anything else."""

    def wrapper(*, run_id: int, attempt: int, **kwargs: Any) -> Any:
        try:
            return function(run_id=run_id, attempt=attempt, **kwargs)
        except RunSuperseded:
            logger.info("report run %s: attempt %s superseded", run_id, attempt)
        except TRANSIENT_ERRORS:
            raise
        except OSError as exc:
            # The disk (full, read-only, failing): the writer has removed its partial file.
            logger.exception("report run %s: files could not be written", run_id)
            report_run_fail(run_id=run_id, attempt=attempt, error=f"{ERROR_WRITE}:{exc}")
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


def _claim(run_id: int) -> int | None:
    """Take the run for a new attempt; None when there is nothing to do.

    A running run is taken over only when its attempt shows no sign of life: a
    duplicate message (the watchdog queues again what it cannot see progress on)
    must not restart an attempt that is working.
    """
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state not in (RunState.QUEUED, RunState.RUNNING):
            return None
        if run.state == RunState.RUNNING and not run_is_stale(run):
            logger.info("report run %s: attempt %s is alive, not taken over", run_id, run.attempts)
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


def fan_out_wanted(question_count: int) -> bool:
    from celery import current_app as app

    if question_count < settings.REPORT_FANOUT_MIN_QUESTIONS:
        return False
    # A chord needs a result backend to join on, except when tasks run in-process.
    return bool(app.conf.task_always_eager or app.conf.result_backend)


def _release(run_id: int, attempt: int) -> None:
    """Hand the run back to the queue after a transient error, for the task's retry."""
    try:
        ReportRun.objects.filter(pk=run_id, attempts=attempt, state=RunState.RUNNING).update(
            state=RunState.QUEUED
        )
    except Exception:  # the database is likely what failed; the watchdog covers it
        logger.warning("report run %s: could not hand attempt %s back", run_id, attempt)


def report_run_execute(run_id: int, *, in_process: bool = False) -> None:
    """Run the job for `run_id`: per-question parts, then the outputs.

    `in_process` computes every part here, never as a chord across workers (the
    `report_run` command and the demo, which must not wait for a worker)."""
    attempt = _claim(run_id)
    if attempt is None:
        return
    try:
        with _Heartbeat(run_id, attempt):
            _execute(run_id=run_id, attempt=attempt, in_process=in_process)
    except TRANSIENT_ERRORS:
        _release(run_id, attempt)
        raise


@_guarded
def _execute(*, run_id: int, attempt: int, in_process: bool = False) -> None:
    run = _current(run_id, attempt)
    question_ids = list(
        report_questions(consultation=run.consultation).values_list("pk", flat=True)
    )
    total = len(question_ids)
    if not in_process and fan_out_wanted(total):
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
    _parts_compute(run_id=run_id, attempt=attempt, question_ids=question_ids)
    _assemble(run_id=run_id, attempt=attempt)


def _part_threads(question_count: int) -> int:
    """How many questions one process computes at a time when it computes them all.

    Several only on PostgreSQL (each thread has its own connection) and outside a
    transaction, whose rows another connection would not see.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(settings.REPORT_PART_THREADS, question_count))


def _parts_compute(*, run_id: int, attempt: int, question_ids: list[int]) -> None:
    """Every question's part, a few at a time (the database does most of the work, on
    as many cores as there are connections); each part is stored as it is done."""
    total = len(question_ids)
    threads = _part_threads(total)
    if threads == 1:
        for question_id in question_ids:
            _part_compute(run_id=run_id, attempt=attempt, question_id=question_id, total=total)
        return
    language = translation.get_language()

    def one(question_id: int) -> None:
        try:
            with translation.override(language):
                _part_compute(run_id=run_id, attempt=attempt, question_id=question_id, total=total)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix=f"report-{run_id}") as pool:
        futures = [pool.submit(one, question_id) for question_id in question_ids]
        try:
            for future in futures:
                future.result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def part_data(*, question_id: int, cutoff: datetime.datetime) -> dict[str, Any]:
    """What one question contributes: key terms per language and featured quotes."""
    found = {
        code: themes(question_id=question_id, language=code, cutoff=cutoff) for code in LANGUAGES
    }
    return {
        "terms": {code: found[code]["words"] for code in LANGUAGES},
        "phrases": {code: found[code]["phrases"] for code in LANGUAGES},
        "quotes": [
            {
                **quote,
                "body": pii_mask(quote["body"]),
                "display_name": pii_mask(quote["display_name"]),
            }
            for quote in report_quotes(question_id=question_id, cutoff=cutoff)
        ],
    }


def _part_compute(*, run_id: int, attempt: int, question_id: int, total: int) -> None:
    run = _current(run_id, attempt)
    data = part_data(question_id=question_id, cutoff=run.cutoff)
    ReportPart.objects.update_or_create(
        run_id=run_id, question_id=question_id, defaults={"data": data}
    )
    done = ReportPart.objects.filter(run_id=run_id).count()
    _progress(run_id, attempt, 2 + (78 * done) // max(total, 1), f"questions:{done}:{total}")


def _part_alive(*, run_id: int, attempt: int, question_id: int, total: int) -> None:
    # A fanned-out part runs in a task of its own: it beats for the attempt.
    with _Heartbeat(run_id, attempt):
        _part_compute(run_id=run_id, attempt=attempt, question_id=question_id, total=total)


report_part_compute = _guarded(_part_alive)


def _assemble_alive(*, run_id: int, attempt: int) -> None:
    with _Heartbeat(run_id, attempt):
        _assemble(run_id=run_id, attempt=attempt)


class _FileName(TypedDict):
    kind: str
    name: str
    content_type: str


def _file_name(kind: str) -> _FileName:
    return {"kind": kind, "name": OUTPUT_FILES[kind][0], "content_type": OUTPUT_FILES[kind][1]}


def _answer_files_write(
    outputs: OutputSet, run: ReportRun, on_rows: Callable[[int], None] | None = None
) -> None:
    with (
        outputs.open(**_file_name("answers-csv")) as csv_file,
        outputs.open(**_file_name("answers-jsonl")) as jsonl_file,
    ):
        answers_write(
            consultation=run.consultation,
            cutoff=run.cutoff,
            csv_stream=csv_file,
            jsonl_stream=jsonl_file,
            progress=on_rows,
        )


def _document_title(run: ReportRun, language: str) -> str:
    with translation.override(language):
        return gettext("Final report: %(title)s") % {"title": run.consultation.title}


def _documents_write(
    outputs: OutputSet,
    *,
    run: ReportRun,
    questions: list[Question],
    figures: dict[str, Any],
    parts: dict[int, Any],
    after_each: Callable[[str], None] | None = None,
) -> None:
    for language in LANGUAGES:
        html = report_html(
            run=run,
            language=language,
            questions=questions,
            figures=figures,
            parts=parts,
            texts=texts_for_report(consultation=run.consultation, language=language),
        )
        outputs.write_bytes(**_file_name(f"html-{language}"), data=html.encode())
        outputs.write_bytes(**_file_name(f"pdf-{language}"), data=report_pdf(html))
        outputs.write_bytes(
            **_file_name(f"docx-{language}"),
            data=report_docx(html, title=_document_title(run, language), language=language),
        )
        if after_each:
            after_each(language)


def _assemble(*, run_id: int, attempt: int) -> None:
    """Write, check and swap in every output; only then mark the run succeeded."""
    run = _current(run_id, attempt)
    consultation, cutoff = run.consultation, run.cutoff
    _progress(run_id, attempt, 81, "figures")
    figures = figures_compute(consultation=consultation, cutoff=cutoff)
    questions = list(report_questions(consultation=consultation))
    parts = one_quote_per_person(
        {part.question_id: part.data for part in ReportPart.objects.filter(run_id=run_id)}
    )
    missing = [question.pk for question in questions if question.pk not in parts]
    if missing:
        raise RuntimeError(f"no results for questions {missing}")

    outputs = OutputSet(run_id=run_id, attempt=attempt)
    try:
        _progress(run_id, attempt, 84, "data")
        _answer_files_write(
            outputs, run, lambda rows: _progress(run_id, attempt, 84, f"data:{rows}")
        )
        with outputs.open(**_file_name("data-dictionary")) as stream:
            dictionary_write(stream)
        with outputs.open(**_file_name("aggregates-csv")) as stream:
            # Complementary suppression applies to the open data as to the documents.
            aggregates_write(
                stream=stream, figures=protected_figures(figures, questions), questions=questions
            )

        _progress(run_id, attempt, 88, "documents")
        _documents_write(
            outputs,
            run=run,
            questions=questions,
            figures=figures,
            parts=parts,
            after_each=lambda language: _progress(
                run_id, attempt, 93 if language == "en" else 97, "documents"
            ),
        )

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


report_run_assemble = _guarded(_assemble_alive)


# --- keeping the published report's promise to authors ---------------------------------


def answer_left_public_view(*, answer: Any) -> int | None:
    """`answer` is no longer public (withdrawn, hidden, rejected, resubmitted): if the
    published run's files may carry it, ask for a re-issue of them. Returns the run's id.

    Its quote leaves the published page at once (`published_report_body` checks
    quotes when it renders); the files follow when the re-issue task has run.
    """
    if answer.status == Status.PUBLISHED or answer.published_at is None:
        return None
    runs = ReportRun.objects.filter(
        published=True,
        state=RunState.SUCCEEDED,
        cutoff__gte=answer.published_at,
        consultation_id=Question.objects.filter(pk=answer.question_id).values("consultation_id")[
            :1
        ],
    )
    run_id = runs.values_list("pk", flat=True).first()
    if run_id is None:
        return None
    ReportRun.objects.filter(pk=run_id).update(
        data_reissue_requested=F("data_reissue_requested") + 1
    )
    from config.queueing import task_enqueue_on_commit

    from .tasks import report_reissue_task

    task_enqueue_on_commit(report_reissue_task, run_id)
    logger.info("report run %s: answer %s left public view, files re-issued", run_id, answer.pk)
    return run_id


def _public_quotes(parts: dict[int, Any]) -> dict[int, Any]:
    """`parts` with only the quotes whose answers are still public."""
    ids = [quote["id"] for data in parts.values() for quote in data.get("quotes", [])]
    keep = public_answer_ids(ids) if ids else set()
    return {
        question_id: {
            **data,
            "quotes": [quote for quote in data.get("quotes", []) if quote["id"] in keep],
        }
        for question_id, data in parts.items()
    }


def report_run_reissue(run_id: int) -> bool:
    """Write the run's answer-bearing files again without answers that left public view.

    The answer files are re-read with today's statuses up to the run's cut-off, the
    documents re-rendered from the run's stored figures and parts without the
    quotes no longer public; counts stay as published. Requests are numbered: a
    re-issue answers every request made before it read the answers, and one that
    finds a newer re-issue already in place throws its files away. Returns whether
    files were replaced.
    """
    run = ReportRun.objects.select_related("consultation").filter(pk=run_id).first()
    if run is None or run.state != RunState.SUCCEEDED:
        return False
    request = run.data_reissue_requested
    if run.data_reissued >= request:
        return False
    questions = list(report_questions(consultation=run.consultation))
    parts = {part.question_id: part.data for part in ReportPart.objects.filter(run_id=run_id)}
    outputs = OutputSet(run_id=run_id, attempt=request, prefix=REISSUE_PREFIX)
    try:
        _answer_files_write(outputs, run)
        _documents_write(
            outputs, run=run, questions=questions, figures=run.figures, parts=_public_quotes(parts)
        )
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            if run.state != RunState.SUCCEEDED or run.data_reissued >= request:
                outputs.discard()
                return False
            # Swapped in under the run's lock, so two re-issues never interleave.
            written = outputs.commit()
            for item in written:
                run.outputs.filter(kind=item.kind).update(size=item.size, sha256=item.sha256)
            run.data_reissued = request
            run.data_reissued_at = timezone.now()
            run.save(update_fields=["data_reissued", "data_reissued_at"])
    except BaseException:
        outputs.discard()
        raise
    logger.info("report run %s: files re-issued (request %s)", run_id, request)
    return True


def published_report_body(run: ReportRun, *, language: str) -> str:
    """The stored report's body for the site's page, without quotes no longer public."""
    output = next((o for o in run.outputs.all() if o.kind == f"html-{language}"), None)
    if output is None:
        return ""
    try:
        html = (run_folder(run.pk) / output.path).read_text(encoding="utf-8")
    except OSError:
        return ""
    body = report_body(html)
    ids = quote_ids(body)
    return quotes_keep(body, public_answer_ids(ids)) if ids else body


def output_path(output: ReportOutput) -> Path:
    """The file of an output, refusing anything outside its run's folder."""
    folder = run_folder(output.run_id)
    path = (folder / output.path).resolve()
    if path.parent != folder.resolve():
        raise ValueError("output outside its run folder")
    return path


__all__ = [
    "OUTPUT_FILES",
    "PUBLIC_KINDS",
    "answer_left_public_view",
    "error_text",
    "output_path",
    "outputs_intact",
    "progress_text",
    "published_report_body",
    "report_part_compute",
    "report_run_assemble",
    "report_run_execute",
    "report_run_fail",
    "report_run_nightly_draft",
    "report_run_publish",
    "report_run_reissue",
    "report_run_retry",
    "report_run_start",
    "report_runs_watch",
    "run_can_retry",
]
