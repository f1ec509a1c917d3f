"""Reading submissions received outside the site from a CSV or XLSX file.

All or nothing: every row is checked first, and a file with any bad row is refused
with the line number and the reason of each, so staff fix the file and send it again.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from dialogue.models import Consultation
from questions.models import Question

from . import services
from .models import Submission

COLUMNS = (
    "channel",
    "received_on",
    "organisation",
    "participant_count",
    "language",
    "questions",
    "body",
)
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _rows_csv(data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([RowError(1, gettext("The file is not in UTF-8."))]) from error
    return list(csv.DictReader(io.StringIO(text)))


def _rows_xlsx(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds on a damaged file
        raise ImportRefused(
            [RowError(1, gettext("The file is not a readable XLSX file."))]
        ) from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(value or "").strip() for value in next(rows, ())]
    return [dict(zip(header, values, strict=False)) for values in rows]


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


def submissions_import(
    *, consultation: Consultation, by: User, name: str, stream: IO[bytes]
) -> list[Submission]:
    data = stream.read()
    rows = _rows_xlsx(data) if name.lower().endswith(".xlsx") else _rows_csv(data)
    if not rows:
        raise ImportRefused([RowError(1, gettext("The file holds no submission."))])
    missing = [column for column in COLUMNS if column not in rows[0]]
    if missing:
        raise ImportRefused(
            [
                RowError(
                    1,
                    gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
                )
            ]
        )
    if len(rows) > MAX_ROWS:
        raise ImportRefused(
            [RowError(1, gettext("At most %(n)s rows in one file.") % {"n": MAX_ROWS})]
        )
    question_ids = set(
        Question.objects.filter(consultation=consultation).values_list("pk", flat=True)
    )
    errors: list[RowError] = []
    checked: list[dict[str, Any]] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        values = {key: ("" if row.get(key) is None else row.get(key)) for key in COLUMNS}
        try:
            received_on = _date(values["received_on"])
        except ValueError:
            errors.append(RowError(line, gettext("The date must read YYYY-MM-DD.")))
            continue
        try:
            count = int(values["participant_count"] or 1)
            questions = [int(part) for part in str(values["questions"]).replace(",", " ").split()]
        except ValueError:
            errors.append(
                RowError(line, gettext("The number of participants and the questions are numbers."))
            )
            continue
        if not questions or not set(questions) <= question_ids:
            errors.append(RowError(line, gettext("Name questions of this consultation by number.")))
            continue
        checked.append(
            {
                "channel": str(values["channel"]).strip().lower(),
                "received_on": received_on,
                "organisation": str(values["organisation"]),
                "participant_count": count,
                "language": str(values["language"]).strip().lower(),
                "body": str(values["body"]),
                "question_ids": questions,
                "line": line,
            }
        )
    created: list[Submission] = []
    with transaction.atomic():
        for values in checked:
            line = values.pop("line")
            try:
                with transaction.atomic():
                    created.append(
                        services.submission_create(consultation=consultation, by=by, **values)
                    )
            except ValidationError as error:
                errors.append(RowError(line, " ".join(error.messages)))
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(sorted(errors, key=lambda error: error.line))
    return created
