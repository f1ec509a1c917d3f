"""The staff export of every answer, whatever its status: a CSV file written by a worker.

Staff ask for it on the report runs page; `answer_export_start` records the request
and queues `reports.answer_export`, which writes the file under `REPORTS_ROOT` with
its progress, then staff download it. On PostgreSQL the rows come through a
server-side cursor in large batches, with dates formatted by the database and only
the texts that may hold personal information going through the masking.
"""

import csv
import datetime
import hashlib
import io
import logging
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext

from config.queueing import task_enqueue
from config.spreadsheets import csv_row
from dialogue.models import Consultation
from moderation.models import Status
from moderation.pii import pii_mask
from questions.models import Answer

from .models import AnswerExport, RunState
from .selectors import ITERATOR_CHUNK
from .streaming import csv_line_sql, local_iso_sql, maybe_pii_sql, rows_stream

logger = logging.getLogger(__name__)

COLUMNS = [
    "answer_id",
    "question_id",
    "chapter",
    "language",
    "status",
    "consent_to_publish",
    "featured",
    "display_name",
    "submitted_at",
    "published_at",
    "body",
]
FILE_NAME = "all-answers.csv"
# A running export whose last sign of life is older than this is taken over.
STALE_AFTER = datetime.timedelta(minutes=5)
# The error of an export whose task the broker did not take.
NOT_QUEUED = "not-queued"

Row = list[Any]


def _iso(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def _exported(consultation: Consultation) -> Any:
    # Drafts were never handed in and withdrawn answers were taken back by their
    # authors: neither belongs in what staff export.
    return (
        Answer.objects.filter(question__consultation=consultation)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .order_by("id")
    )


class _Values(NamedTuple):
    """One exported answer as read, before its cells are made safe."""

    answer_id: int
    question_id: int
    chapter: int
    language: str
    status: str
    consent: bool
    featured: bool
    display_name: str
    submitted: Any  # a datetime from the ORM, the ISO text from the streamed query
    published: Any
    body: str


_COLUMNS_READ = [
    "id",
    "question_id",
    "question__chapter__order",
    "language",
    "status",
    "consent_to_publish",
    "featured",
    "display_name",
    "submitted_at",
    "published_at",
    "body",
]


def _row(values: _Values) -> Row:
    """The CSV cells of one answer: the name only with consent, texts masked."""
    consent, language = values.consent, values.language
    return csv_row(
        [
            values.answer_id,
            values.question_id,
            values.chapter,
            language,
            values.status,
            "yes" if consent else "no",
            "yes" if values.featured else "no",
            pii_mask(values.display_name, language) if consent and values.display_name else "",
            values.submitted,
            values.published,
            pii_mask(values.body, language),
        ]
    )


def _rows_portable(consultation: Consultation, batch: int | None) -> Iterator[Row]:
    rows = (
        _exported(consultation)
        .values_list(*_COLUMNS_READ)
        .iterator(chunk_size=batch or ITERATOR_CHUNK)
    )
    for read in rows:
        values = _Values(*read)
        yield _row(
            values._replace(submitted=_iso(values.submitted), published=_iso(values.published))
        )


def _rows_streamed(consultation: Consultation, batch: int | None) -> Iterator[Row | str]:
    """The rows from PostgreSQL: a row whose texts cannot hold personal information
    comes as its finished CSV line (written by the database); the others as values,
    masked here."""
    table = Answer._meta.db_table
    body, name = f'"{table}"."body"', f'"{table}"."display_name"'
    consent = f'"{table}"."consent_to_publish"'
    flagged = f"({maybe_pii_sql(body)} OR ({consent} AND {maybe_pii_sql(name)}))"
    submitted = local_iso_sql(f'"{table}"."submitted_at"')
    published = local_iso_sql(f'"{table}"."published_at"')
    line = csv_line_sql(
        [
            f'"{table}"."id"::text',
            f'"{table}"."question_id"::text',
            '"dialogue_chapter"."order"::text',
            f'"{table}"."language"',
            f'"{table}"."status"',
            f"CASE WHEN {consent} THEN 'yes' ELSE 'no' END",
            f"CASE WHEN \"{table}\".\"featured\" THEN 'yes' ELSE 'no' END",
            f"CASE WHEN {consent} THEN {name} ELSE '' END",
            submitted,
            published,
            body,
        ]
    )
    rows = (
        _exported(consultation)
        .annotate(
            line=RawSQL(f"CASE WHEN {flagged} THEN NULL ELSE {line} END", []),  # noqa: S611  # nosec B611 # built from constants
            submitted=RawSQL(submitted, []),  # noqa: S611  # nosec B611 # built from constants
            published=RawSQL(published, []),  # noqa: S611  # nosec B611 # built from constants
            chapter=F("question__chapter__order"),
        )
        # The finished line, then `_COLUMNS_READ` with the annotations in place of
        # the chapter and the two dates.
        .values_list(
            "line",
            *_COLUMNS_READ[:2],
            "chapter",
            *_COLUMNS_READ[3:8],
            "submitted",
            "published",
            "body",
        )
    )
    sql, params = rows.query.sql_with_params()
    for ready, *read in rows_stream(sql, params, batch=batch):
        yield ready if ready is not None else _row(_Values(*read))


def all_answers_rows(
    *, consultation: Consultation, batch: int | None = None
) -> Generator[Row | str, None, None]:
    """The header, then one row per answer in id order (a list of cells, or on
    PostgreSQL often the finished CSV line); never the author's e-mail or id.

    The display name appears only where the author consented to publication, and
    e-mail addresses and telephone numbers in the text are masked.
    """
    yield COLUMNS
    if connection.vendor == "postgresql":
        yield from _rows_streamed(consultation, batch)
    else:
        yield from _rows_portable(consultation, batch)


# --- the export as a job -------------------------------------------------------------


class ExportSuperseded(Exception):
    """Another attempt owns the export now: stop without touching it."""


def export_folder(export_id: int) -> Path:
    return Path(settings.REPORTS_ROOT) / "exports" / str(int(export_id))


def export_path(export: AnswerExport) -> Path:
    """The finished file of `export` (ValueError if it has none)."""
    if export.state != RunState.SUCCEEDED or not export.file_name:
        raise ValueError("the export has no file")
    return export_folder(export.pk) / export.file_name


def export_percent(export: AnswerExport) -> int:
    if export.state == RunState.SUCCEEDED:
        return 100
    if not export.rows_total:
        return 0
    return min(99, (100 * export.rows_done) // export.rows_total)


def export_error_text(export: AnswerExport) -> str:
    """The error of a failed export in the reader's language."""
    if export.error == NOT_QUEUED:
        return gettext(
            "The task queue did not answer, so nothing was exported. Try again in a moment."
        )
    return export.error


def answer_export_start(*, consultation: Consultation, requested_by: Any) -> AnswerExport:
    """Record an export request and queue its task once the row is committed."""
    with transaction.atomic():
        export = AnswerExport.objects.create(
            consultation=consultation, requested_by=requested_by, heartbeat_at=timezone.now()
        )
        export_id = export.pk
        transaction.on_commit(lambda: _hand_over(export_id))
    logger.info("answer export %s queued", export_id)
    return export


def _hand_over(export_id: int) -> None:
    from .tasks import answer_export_task

    if not task_enqueue(answer_export_task, export_id):
        AnswerExport.objects.filter(pk=export_id, state=RunState.QUEUED).update(
            state=RunState.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )


def _claim(export_id: int) -> int | None:
    """Take the export for a new attempt; None when it is finished or alive elsewhere."""
    with transaction.atomic():
        export = AnswerExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.state in (RunState.SUCCEEDED, RunState.FAILED):
            return None
        now = timezone.now()
        if (
            export.state == RunState.RUNNING
            and export.heartbeat_at
            and now - export.heartbeat_at < STALE_AFTER
        ):
            return None
        export.attempts += 1
        export.state = RunState.RUNNING
        export.rows_done = 0
        export.heartbeat_at = now
        export.save(update_fields=["attempts", "state", "rows_done", "heartbeat_at"])
    return export.attempts


def _mine(export_id: int, attempt: int) -> Any:
    return AnswerExport.objects.filter(pk=export_id, attempts=attempt, state=RunState.RUNNING)


def _progress(export_id: int, attempt: int, **fields: Any) -> None:
    if not _mine(export_id, attempt).update(heartbeat_at=timezone.now(), **fields):
        raise ExportSuperseded


def answer_export_execute(export_id: int, *, batch: int | None = None) -> None:
    """Write the export's file (the task's body). Harmless when run twice: a finished
    export is left alone, a live one is not taken over."""
    attempt = _claim(export_id)
    if attempt is None:
        return
    try:
        _write(export_id, attempt, batch)
    except ExportSuperseded:
        logger.info("answer export %s: attempt %s superseded", export_id, attempt)
    except Exception as exc:
        logger.exception("answer export %s failed", export_id)
        _mine(export_id, attempt).update(
            state=RunState.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )


def _write(export_id: int, attempt: int, batch: int | None) -> None:
    export = AnswerExport.objects.select_related("consultation").get(pk=export_id)
    consultation = export.consultation
    total = _exported(consultation).count()
    _progress(export_id, attempt, rows_total=total)
    every = batch or 10_000
    folder = export_folder(export_id)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{FILE_NAME}.{attempt}.tmp"
    digest = hashlib.sha256()
    rows = 0
    try:
        with open(temporary, "wb") as raw:
            buffered = io.BufferedWriter(_Hashing(raw, digest), buffer_size=1 << 20)
            text = io.TextIOWrapper(buffered, encoding="utf-8", newline="")
            writer = csv.writer(text)
            source = all_answers_rows(consultation=consultation, batch=batch)
            try:
                for row in source:
                    if isinstance(row, str):
                        text.write(row)
                    else:
                        writer.writerow(row)
                    rows += 1
                    if rows % every == 0:
                        _progress(export_id, attempt, rows_done=rows - 1)
            finally:
                # Ends the cursor's transaction now, before the outcome is written.
                source.close()
            text.flush()
            raw.flush()
            os.fsync(raw.fileno())
            text.detach()
        size = temporary.stat().st_size
        with transaction.atomic():
            locked = AnswerExport.objects.select_for_update().filter(pk=export_id).first()
            if locked is None or locked.attempts != attempt or locked.state != RunState.RUNNING:
                raise ExportSuperseded
            os.replace(temporary, folder / FILE_NAME)
            locked.state = RunState.SUCCEEDED
            locked.rows_done = rows - 1  # the header is not an answer
            locked.file_name = FILE_NAME
            locked.size = size
            locked.sha256 = digest.hexdigest()
            locked.finished_at = timezone.now()
            locked.heartbeat_at = locked.finished_at
            locked.save(
                update_fields=[
                    "state",
                    "rows_done",
                    "file_name",
                    "size",
                    "sha256",
                    "finished_at",
                    "heartbeat_at",
                ]
            )
    finally:
        temporary.unlink(missing_ok=True)
    logger.info("answer export %s written: %s answers, %s bytes", export_id, rows - 1, size)


class _Hashing(io.RawIOBase):
    """Writes through to `raw` while hashing what passes."""

    def __init__(self, raw: Any, digest: Any) -> None:
        self.raw, self.digest = raw, digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return int(self.raw.write(data))
