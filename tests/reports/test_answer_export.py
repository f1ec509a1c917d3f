"""The staff export of every answer, written by a task into a file staff download.

On PostgreSQL the rows are read through a server-side cursor in batches with dates
formatted by the database and only flagged texts masked; these tests hold it to the
row-by-row Python version it replaced: every row once, the same bytes."""

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from config.spreadsheets import csv_row
from dialogue.models import Consultation
from moderation.models import Status
from moderation.pii import pii_mask
from questions.models import Answer
from reports import exports
from reports.models import AnswerExport, RunState
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

# Texts the masking must treat exactly as before, whichever way they reach it.
TRICKY = [
    "Plain words, nothing to hide at all.",
    "Write to bob@example.org or call 613-555-0188.",
    "Écrivez à paul@exemple.ca\u00a0; merci\u00a0!",
    "Full-width: bob\uff20example\uff0ecom",
    "Escaped: bob\\@example.com and &#64; entity",
    "Spelt out: bob at example dot com",
    "Arobase : paul arobase exemple point ca",
    "Emphasis inside: bob@*example*.com",
    "Numbers: 0.7 % by 2030, then 45 %.",
    "Digits in another script: ٦١٣٥٥٥٠١٨٨ and 6 1 3 5 5 5 0 1 8 8",
    "Invisible: bob@exam\u00adple.com",
    '=HYPERLINK("http://x")',
    "A meeting at noon, a point of order.",
    # Written as finished CSV lines by PostgreSQL: quoting and formula cells as csv.writer.
    'Plain, "quoted" words',
    "=SUM of things, really",
    "-minus first\r\nthen a new line",
    "+plus first",
    "Line one\nline two",
]


def _before(consultation: Consultation) -> list[list[str]]:
    """The export as the row-by-row version wrote it (every text masked in Python,
    dates formatted by Python)."""

    def iso(moment: datetime.datetime | None) -> str:
        return timezone.localtime(moment).isoformat() if moment else ""

    rows: list[list[str]] = [exports.COLUMNS]
    answers = (
        Answer.objects.filter(question__consultation=consultation)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .select_related("question__chapter")
        .order_by("id")
    )
    for a in answers:
        rows.append(
            [
                str(cell)
                for cell in csv_row(
                    [
                        a.pk,
                        a.question_id,
                        a.question.chapter.order,
                        a.language,
                        a.status,
                        "yes" if a.consent_to_publish else "no",
                        "yes" if a.featured else "no",
                        pii_mask(a.display_name, a.language) if a.consent_to_publish else "",
                        iso(a.submitted_at),
                        iso(a.published_at),
                        pii_mask(a.body, a.language),
                    ]
                )
            ]
        )
    return rows


def _export(consultation: Consultation, *, batch: int) -> AnswerExport:
    export = AnswerExport.objects.create(consultation=consultation)
    exports.answer_export_execute(export.pk, batch=batch)
    export.refresh_from_db()
    return export


def _read(export: AnswerExport) -> list[list[str]]:
    text = exports.export_path(export).read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_the_file_holds_every_answer_once_across_many_batches() -> None:
    call_command(
        "generate_consultation_data", answers=230, posts=0, consultation="exp", stdout=StringIO()
    )
    answer = Answer.objects.first()
    assert answer is not None
    consultation = answer.question.consultation
    expected = list(
        Answer.objects.filter(question__consultation=consultation)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .order_by("id")
        .values_list("id", flat=True)
    )
    assert len(expected) > 7 * 20  # many batches of 7
    export = _export(consultation, batch=7)
    assert export.state == RunState.SUCCEEDED, export.error
    rows = _read(export)
    ids = [int(row[0]) for row in rows[1:]]
    assert ids == expected  # each once, in id order
    assert export.rows_done == export.rows_total == len(expected)
    assert rows == _before(consultation)


def test_masked_output_is_what_it_was_before() -> None:
    question = QuestionFactory()
    moment = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    for n, body in enumerate(TRICKY):
        AnswerFactory(
            question=question,
            body=body,
            language="fr" if n % 2 else "en",
            display_name=["Sam at example dot com", "", 'Lee, "the" first'][n % 3],
            consent_to_publish=n % 4 != 1,
            status=[Status.PUBLISHED, Status.PENDING, Status.REJECTED, Status.HIDDEN][n % 4],
            submitted_at=moment + datetime.timedelta(microseconds=123456 * (n % 2)),
            published_at=None if n % 4 == 1 else moment + datetime.timedelta(hours=n * 500),
        )
    export = _export(question.consultation, batch=3)
    assert _read(export) == _before(question.consultation)
    assert "bob@example.org" not in exports.export_path(export).read_text()


def test_a_failed_export_says_so(monkeypatch: pytest.MonkeyPatch, client, staff) -> None:
    question = QuestionFactory()
    AnswerFactory(question=question)

    def broken(**kwargs: object) -> object:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(exports, "all_answers_rows", broken)
    export = _export(question.consultation, batch=10)
    assert export.state == RunState.FAILED
    assert "the disk went away" in export.error
    client.force_login(staff)
    page = client.get(reverse("reports:answer_export", kwargs={"pk": export.pk}))
    assert "The export failed: RuntimeError: the disk went away" in page.content.decode()
    download = reverse("reports:answer_export_download", kwargs={"pk": export.pk})
    assert client.get(download).status_code == 404


def test_running_twice_changes_nothing() -> None:
    question = QuestionFactory()
    AnswerFactory(question=question)
    export = _export(question.consultation, batch=10)
    first = exports.export_path(export).read_bytes()
    exports.answer_export_execute(export.pk)
    export.refresh_from_db()
    assert export.attempts == 1 and export.state == RunState.SUCCEEDED
    assert exports.export_path(export).read_bytes() == first


def test_a_waiting_export_shows_its_progress_without_script(client, staff) -> None:
    question = QuestionFactory()
    export = AnswerExport.objects.create(
        consultation=question.consultation, state=RunState.RUNNING, rows_done=250, rows_total=1000
    )
    client.force_login(staff)
    url = reverse("reports:answer_export", kwargs={"pk": export.pk})
    html = client.get(url).content.decode()
    assert 'value="25"' in html and "250 of 1000 answers written." in html
    assert f'href="{url}"' in html  # "Check again" reloads the page
