"""The open-data files: answers (CSV and JSON Lines), their data dictionary, the aggregates.

Nothing in them depends on when they were written: rows come in id order, dates
are local calendar dates, so a re-run with the same cut-off gives the same bytes.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, override

from accounts.models import AgeRange, Province, RespondentType
from config.spreadsheets import csv_row
from dialogue.models import Consultation
from moderation.pii import pii_mask
from questions.models import Answer, Question

from .formatting import suppress
from .selectors import ITERATOR_CHUNK, open_data_answers
from .streaming import local_date_sql, maybe_pii_sql, rows_stream

PROGRESS_EVERY = 10_000

# Each column of the open-data files once: (name, type, description). The file headers
# and the data dictionary both come from here. The descriptions are msgids of their own
# so both languages come from the catalogue.
Column = tuple[str, str, str]
ANSWER_FILES = "answers.csv, answers.jsonl"
ANSWER_FIELDS: tuple[Column, ...] = (
    (
        "question_id",
        "integer",
        gettext_noop("Number of the discussion question, as in the question's web address."),
    ),
    (
        "chapter",
        "integer",
        gettext_noop("Number of the chapter of the dialogue paper the question belongs to."),
    ),
    (
        "language",
        "text (en, fr)",
        gettext_noop("Language the answer was written in: en for English, fr for French."),
    ),
    (
        "published_date",
        "date (YYYY-MM-DD)",
        gettext_noop("Day the answer was published, Eastern time."),
    ),
    (
        "display_name",
        "text",
        gettext_noop("Name the author chose to show; empty when they chose to stay anonymous."),
    ),
    (
        "body",
        "text",
        gettext_noop(
            "The answer as published; e-mail addresses and telephone numbers are replaced by a notice."
        ),
    ),
)
ANSWER_COLUMNS = [name for name, _kind, _description in ANSWER_FIELDS]

AGGREGATE_FILES = "aggregates.csv"
AGGREGATE_FIELDS: tuple[Column, ...] = (
    (
        "dimension",
        "text",
        gettext_noop(
            "What is counted: answers by chapter, question, language or week; participants by province or territory, age range or type of respondent."
        ),
    ),
    (
        "key",
        "text",
        gettext_noop(
            "Code of the group within the dimension (chapter number, question number, language code, province code, age range, ISO week)."
        ),
    ),
    ("label_en", "text", gettext_noop("Name of the group in English.")),
    ("label_fr", "text", gettext_noop("Name of the group in French.")),
    (
        "count",
        "integer or text",
        gettext_noop(
            'Number counted, or "fewer than 5" when fewer than 5 people are in the group.'
        ),
    ),
    (
        "nombre",
        "integer or text",
        gettext_noop("The same number, with the French wording for fewer than 5."),
    ),
)
AGGREGATE_COLUMNS = [name for name, _kind, _description in AGGREGATE_FIELDS]


Record = dict[str, Any]


def _answer_records(*, consultation: Consultation, cutoff: datetime.datetime) -> Iterator[Record]:
    if connection.vendor == "postgresql":
        yield from _answer_records_streamed(consultation=consultation, cutoff=cutoff)
        return
    rows = open_data_answers(consultation=consultation, cutoff=cutoff).iterator(
        chunk_size=ITERATOR_CHUNK
    )
    for _id, question_id, chapter, language, published_at, display_name, body in rows:
        yield {
            "question_id": question_id,
            "chapter": chapter,
            "language": language,
            "published_date": timezone.localdate(published_at).isoformat(),
            "display_name": pii_mask(display_name, language),
            "body": pii_mask(body, language),
        }


def _answer_records_streamed(
    *, consultation: Consultation, cutoff: datetime.datetime
) -> Iterator[Record]:
    """The same records, read through a server-side cursor with the date formatted by
    PostgreSQL and the body masked only when it may hold personal information."""
    table = Answer._meta.db_table
    rows = (
        open_data_answers(consultation=consultation, cutoff=cutoff)
        .annotate(
            published_date=RawSQL(local_date_sql(f'"{table}"."published_at"'), []),  # noqa: S611  # nosec B611 # built from constants
            maybe_pii=RawSQL(maybe_pii_sql(f'"{table}"."body"'), []),  # noqa: S611  # nosec B611 # built from constants
        )
        .values_list(
            "question_id",
            "question__chapter__order",
            "language",
            "published_date",
            "display_name",
            "body",
            "maybe_pii",
        )
    )
    sql, params = rows.query.sql_with_params()
    for question_id, chapter, language, day, display_name, body, maybe in rows_stream(sql, params):
        yield {
            "question_id": question_id,
            "chapter": chapter,
            "language": language,
            "published_date": day,
            "display_name": pii_mask(display_name, language) if display_name else "",
            "body": pii_mask(body, language) if maybe else body,
        }


def answers_write(
    *,
    consultation: Consultation,
    cutoff: datetime.datetime,
    csv_stream: IO[str],
    jsonl_stream: IO[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Both answer files in one pass over the rows. Returns the number of rows."""
    writer = csv.writer(csv_stream)
    writer.writerow(ANSWER_COLUMNS)
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    for record in _answer_records(consultation=consultation, cutoff=cutoff):
        writer.writerow(csv_row([record[column] for column in ANSWER_COLUMNS]))
        jsonl_stream.write(dumps(record))
        jsonl_stream.write("\n")
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    return count


def _both(message: str) -> tuple[str, str]:
    with override("en"):
        english = gettext(message)
    with override("fr"):
        french = gettext(message)
    return english, french


def dictionary_write(stream: IO[str]) -> None:
    columns = [
        *((ANSWER_FILES, *field) for field in ANSWER_FIELDS),
        *((AGGREGATE_FILES, *field) for field in AGGREGATE_FIELDS),
    ]
    writer = csv.writer(stream)
    writer.writerow(["file", "column", "type", "description_en", "description_fr"])
    for files, column, kind, description in columns:
        writer.writerow(csv_row([files, column, kind, *_both(description)]))


def _labels(choices, key):
    if not key:
        return _both(gettext_noop("Not stated"))
    try:
        label = choices(key).label
    except ValueError:
        return key, key
    with override("en"):
        english = str(label)
    with override("fr"):
        french = str(label)
    return english, french


def aggregates_write(
    *, stream: IO[str], figures: dict[str, Any], questions: Sequence[Question]
) -> None:
    writer = csv.writer(stream)
    writer.writerow(AGGREGATE_COLUMNS)

    def row(dimension, key, labels, n):
        writer.writerow(
            csv_row(
                [dimension, key, *labels, suppress(n, language="en"), suppress(n, language="fr")]
            )
        )

    row(
        "answers",
        "total",
        _both(gettext_noop("All published answers")),
        figures["totals"]["answers"],
    )
    row(
        "participants",
        "total",
        _both(gettext_noop("All participants")),
        figures["totals"]["participants"],
    )
    seen_chapters = set()
    for question in questions:
        chapter = question.chapter
        if chapter.pk not in seen_chapters:
            seen_chapters.add(chapter.pk)
            row(
                "answers_by_chapter",
                chapter.order,
                (
                    chapter.title_en or chapter.title_fr or "",
                    chapter.title_fr or chapter.title_en or "",
                ),
                figures["by_chapter"].get(str(chapter.pk), 0),
            )
    for question in questions:
        labels = (
            question.text_en or question.text_fr or "",
            question.text_fr or question.text_en or "",
        )
        row(
            "answers_by_question",
            question.pk,
            labels,
            figures["by_question"].get(str(question.pk), 0),
        )
        for code in ("en", "fr"):
            row(
                f"answers_by_question_in_{code}",
                question.pk,
                labels,
                figures["by_question_language"].get(str(question.pk), {}).get(code, 0),
            )
    for code in ("en", "fr"):
        row(
            "answers_by_language",
            code,
            _both(gettext_noop("English") if code == "en" else gettext_noop("French")),
            figures["by_language"].get(code, 0),
        )
    for dimension, choices, counts in (
        ("participants_by_province", Province, figures["by_province"]),
        ("participants_by_age_range", AgeRange, figures["by_age_range"]),
        ("participants_by_respondent_type", RespondentType, figures["by_respondent_type"]),
    ):
        for key in sorted(counts):
            row(dimension, key, _labels(choices, key), counts[key])
    for week, n in figures["by_week"].items():
        row("answers_by_week", week, (week, week), n)
