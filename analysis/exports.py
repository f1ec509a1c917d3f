"""The coded data for analysts, as CSV or XLSX: one row per published answer or
submission, one column per code (how many analysts applied it).

Anonymised like every export: no author, no e-mail, no display name; the text and
the notes go through `pii_mask`; a cell that a spreadsheet would read as a formula
is escaped.
"""

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.utils import timezone

from config.spreadsheets import csv_row
from moderation.models import Status
from moderation.pii import pii_mask
from questions.models import Answer

from .models import AnalysisJob, AnalystNote, Code, Coding, Submission
from .selectors import codes_of

CHUNK = 2000
Cell = str | int


def _header(codes: list[Code], notes: bool) -> list[Cell]:
    columns: list[Cell] = [
        "kind",
        "id",
        "question_ids",
        "language",
        "date",
        "channel",
        "province",
        "respondent_type",
        "campaign_group",
        "text",
    ]
    columns += [f"code:{code.pk}:{code.label_en}" for code in codes]
    if notes:
        columns.append("notes")
    return columns


def rows_of(job: AnalysisJob) -> Iterator[list[Cell]]:
    codes = codes_of(job.consultation)
    index = {code.pk: position for position, code in enumerate(codes)}
    effective = {code.pk: code.merged_into_id or code.pk for code in codes}
    yield _header(codes, job.include_notes)

    answers = (
        Answer.objects.filter(question__consultation=job.consultation, status=Status.PUBLISHED)
        .order_by("id")
        .values_list(
            "id",
            "question_id",
            "language",
            "published_at",
            "author__province",
            "author__respondent_type",
            "duplicate__group_id",
            "body",
        )
    )
    last = 0
    while True:
        chunk = list(answers.filter(id__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        ids = [row[0] for row in chunk]
        counts: dict[int, list[int]] = {pk: [0] * len(codes) for pk in ids}
        for answer_id, code_id in Coding.objects.filter(answer_id__in=ids).values_list(
            "answer_id", "code_id"
        ):
            counts[answer_id][index[effective[code_id]]] += 1
        notes = _notes({"answer_id__in": ids}, "answer_id") if job.include_notes else {}
        for pk, question_id, language, at, province, kind, group, body in chunk:
            row: list[Cell] = [
                "answer",
                pk,
                str(question_id),
                language,
                timezone.localtime(at).date().isoformat() if at else "",
                "site",
                province or "",
                kind or "",
                group or "",
                pii_mask(body, language),
                *counts[pk],
            ]
            if job.include_notes:
                row.append(notes.get(pk, ""))
            yield csv_row(row)

    submissions = list(
        Submission.objects.filter(consultation=job.consultation)
        .order_by("id")
        .prefetch_related("questions")
    )
    ids = [submission.pk for submission in submissions]
    counts = {pk: [0] * len(codes) for pk in ids}
    for submission_id, code_id in Coding.objects.filter(submission_id__in=ids).values_list(
        "submission_id", "code_id"
    ):
        counts[submission_id][index[effective[code_id]]] += 1
    notes = _notes({"submission_id__in": ids}, "submission_id") if job.include_notes else {}
    for submission in submissions:
        row = [
            "submission",
            submission.pk,
            " ".join(str(q.pk) for q in submission.questions.all()),
            submission.language,
            submission.received_on.isoformat(),
            submission.channel,
            "",
            "organisation" if submission.organisation else "",
            "",
            pii_mask(submission.body, submission.language),
            *counts[submission.pk],
        ]
        if job.include_notes:
            row.append(notes.get(submission.pk, ""))
        yield csv_row(row)


def _notes(where: dict[str, list[int]], field: str) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for pk, text in (
        AnalystNote.objects.filter(**where).order_by(field, "id").values_list(field, "text")
    ):
        found.setdefault(pk, []).append(pii_mask(text))
    return {pk: "\n".join(texts) for pk, texts in found.items()}


def _write_csv(job: AnalysisJob, stream: IO[str]) -> None:
    writer = csv.writer(stream)
    for row in rows_of(job):
        writer.writerow(row)


def _write_xlsx(job: AnalysisJob, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("coding")
    for row in rows_of(job):
        sheet.append(row)
    book.save(path)


def export_write(*, job: AnalysisJob, folder: Path) -> str:
    """Write the export of `job` into `folder`; returns its file name (relative)."""
    xlsx = job.kind == AnalysisJob.Kind.EXPORT_XLSX
    name = f"coding-{job.pk}.{'xlsx' if xlsx else 'csv'}"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.partial"
    if xlsx:
        _write_xlsx(job, temporary)
    else:
        with temporary.open("w", newline="", encoding="utf-8") as stream:
            _write_csv(job, stream)
    os.replace(temporary, folder / name)
    return name
