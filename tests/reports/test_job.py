"""The report job over a generated consultation, checked against counts made here in Python."""

import csv
import io
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict

import docx
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from moderation.models import Status
from moderation.pii import EMAIL, PHONE
from questions.models import Answer
from reports.models import ReportRun, RunState
from reports.outputs import run_folder
from reports.services import report_run_start
from tests.reports.generate import RARE, generate

pytestmark = pytest.mark.django_db

DATA_FILES = ["answers.csv", "answers.jsonl", "data-dictionary.csv", "aggregates.csv"]


@pytest.fixture
def generated(django_db_blocker):
    return generate(answers_wanted=3000)


def _run(generated, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=generated.consultation, requested_by=staff, cutoff=generated.cutoff
        )
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    return run


def _expected(generated):
    rows = list(
        Answer.objects.filter(question__consultation=generated.consultation).values(
            "id",
            "question_id",
            "question__chapter_id",
            "language",
            "status",
            "published_at",
            "author_id",
            "author__province",
            "author__age_range",
            "author__respondent_type",
            "consent_to_publish",
        )
    )
    included = [
        r for r in rows if r["status"] == Status.PUBLISHED and r["published_at"] <= generated.cutoff
    ]

    def people_by(field):
        groups = defaultdict(set)
        for r in included:
            groups[r[field] or ""].add(r["author_id"])
        return {k: len(v) for k, v in groups.items()}

    weeks = Counter()
    for r in included:
        year, week, _ = timezone.localtime(r["published_at"]).isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
    return {
        "all": rows,
        "included": included,
        "answers": len(included),
        "participants": len({r["author_id"] for r in included}),
        "by_question": Counter(str(r["question_id"]) for r in included),
        "by_chapter": Counter(str(r["question__chapter_id"]) for r in included),
        "by_language": Counter(r["language"] for r in included),
        "by_province": people_by("author__province"),
        "by_age_range": people_by("author__age_range"),
        "by_respondent_type": people_by("author__respondent_type"),
        "by_week": dict(weeks),
        "open_data": sorted(r["id"] for r in included if r["consent_to_publish"]),
    }


def _shown(n, language):
    with translation.override(language):
        return str(n) if n >= 5 else gettext("fewer than 5")


@pytest.mark.parametrize("fanout_min", [1000, 2], ids=["one-task", "chord-per-question"])
def test_figures_match_counts_made_independently(
    generated, staff, settings, django_capture_on_commit_callbacks, fanout_min
):
    settings.REPORT_FANOUT_MIN_QUESTIONS = fanout_min
    run = _run(generated, staff, django_capture_on_commit_callbacks)
    expected = _expected(generated)
    # The generated data really holds the cases the job must leave out.
    assert len(expected["included"]) < len(expected["all"])
    assert any(
        r["status"] == Status.PUBLISHED and r["published_at"] > generated.cutoff
        for r in expected["all"]
    )

    figures = run.figures
    assert figures["totals"] == {
        "answers": expected["answers"],
        "participants": expected["participants"],
    }
    assert figures["by_question"] == dict(expected["by_question"])
    assert figures["by_chapter"] == dict(expected["by_chapter"])
    assert figures["by_language"] == dict(expected["by_language"])
    assert figures["by_province"] == expected["by_province"]
    assert figures["by_age_range"] == expected["by_age_range"]
    assert figures["by_respondent_type"] == expected["by_respondent_type"]
    assert figures["by_week"] == expected["by_week"]
    assert len(figures["by_week"]) >= 8

    folder = run_folder(run.pk)
    aggregates = list(csv.DictReader(io.StringIO((folder / "aggregates.csv").read_text())))
    provinces = {r["key"]: r for r in aggregates if r["dimension"] == "participants_by_province"}
    for key, n in expected["by_province"].items():
        assert provinces[key]["count"] == _shown(n, "en")
        assert provinces[key]["nombre"] == _shown(n, "fr")
    for code in RARE:  # fewer than 5 people: never a number
        assert provinces[code]["count"] == "fewer than 5"
    weeks = {r["key"]: r["count"] for r in aggregates if r["dimension"] == "answers_by_week"}
    assert weeks == {k: _shown(n, "en") for k, n in expected["by_week"].items()}

    jsonl = [json.loads(line) for line in (folder / "answers.jsonl").read_text().splitlines()]
    assert len(jsonl) == len(expected["open_data"])
    assert set(jsonl[0]) == {
        "question_id",
        "chapter",
        "language",
        "published_date",
        "display_name",
        "body",
    }
    answers_csv = list(csv.reader(io.StringIO((folder / "answers.csv").read_text())))
    assert len(answers_csv) == len(expected["open_data"]) + 1
    for row in answers_csv:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\0"))
    assert any(row[-1].startswith("'=HYPERLINK") for row in answers_csv)

    html_en = (folder / "report-en.html").read_text()
    html_fr = (folder / "report-fr.html").read_text()
    assert '<th scope="row">Nunavut</th><td>fewer than 5</td>' in html_en
    assert f"<td>{_shown(2, 'fr')}</td>" in html_fr
    assert '<html lang="fr">' in html_fr
    assert html_en.count('role="img"') == 3 and "<title id=" in html_en and "<desc id=" in html_en
    assert re.search(r"\sstyle=|<script", html_en) is None


def _all_text(path):
    if path.suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_no_email_or_phone_number_in_any_output(
    generated, staff, django_capture_on_commit_callbacks
):
    assert generated.pii  # the data did hold some
    run = _run(generated, staff, django_capture_on_commit_callbacks)
    files = sorted(run_folder(run.pk).iterdir())
    assert {f.name for f in files} == {
        "report-en.html",
        "report-fr.html",
        "report-en.pdf",
        "report-fr.pdf",
        "report-en.docx",
        "report-fr.docx",
        *DATA_FILES,
    }
    for path in files:
        text = _all_text(path)
        assert EMAIL.search(text) is None, path.name
        assert PHONE.search(text) is None, path.name
        assert "gen1@example.org" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_the_pdfs_render(generated, staff, django_capture_on_commit_callbacks, tmp_path):
    run = _run(generated, staff, django_capture_on_commit_callbacks)
    for language in ("en", "fr"):
        pdf = run_folder(run.pk) / f"report-{language}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        subprocess.run(
            ["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / language)], check=True
        )
        pages = list(tmp_path.glob(f"{language}-*.png"))
        assert len(pages) >= 3


def test_data_files_are_byte_identical_on_a_rerun(
    generated, staff, django_capture_on_commit_callbacks
):
    first = _run(generated, staff, django_capture_on_commit_callbacks)
    second = _run(generated, staff, django_capture_on_commit_callbacks)
    first_sums = {o.kind: o.sha256 for o in first.outputs.all()}
    second_sums = {o.kind: o.sha256 for o in second.outputs.all()}
    for kind in ("answers-csv", "answers-jsonl", "data-dictionary", "aggregates-csv"):
        assert first_sums[kind] == second_sums[kind]
    for name in DATA_FILES:
        assert (run_folder(first.pk) / name).read_bytes() == (
            run_folder(second.pk) / name
        ).read_bytes()
    assert ReportRun.objects.count() == 2
