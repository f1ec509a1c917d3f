"""Submissions received outside the site, suggested codes and exports."""

import csv
import datetime
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from analysis import jobs, services, suggestions
from analysis.models import AnalysisJob, Code, Coding, Submission, SuggestedCode
from analysis.submissions_io import ImportRefused, submissions_import
from reports.document import report_html
from reports.models import ReportRun
from reports.selectors import figures_compute, report_questions
from tests.analysis.factories import CodeFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return UserFactory(role="analyst")


@pytest.fixture
def question():
    return QuestionFactory()


def test_a_french_submission_counts_under_its_channel_in_both_reports(analyst, question):
    submission = services.submission_create(
        consultation=question.consultation,
        by=analyst,
        channel="brief",
        received_on=datetime.date(2026, 11, 2),
        organisation="Association des pêcheurs",
        participant_count=40,
        language="fr",
        body="Notre mémoire porte sur les pêches.",
        question_ids=[question.pk],
    )
    code = CodeFactory(
        codebook__consultation=question.consultation, label_en="Fisheries", label_fr="Pêches"
    )
    services.submission_coding_apply(analyst=analyst, code=code, submission=submission)

    figures = figures_compute(consultation=question.consultation, cutoff=timezone.now())
    assert figures["coding"]["submissions_by_channel"] == {"brief": 1}
    run = ReportRun(consultation=question.consultation, cutoff=timezone.now())
    questions = list(report_questions(consultation=question.consultation))
    english = report_html(run=run, language="en", questions=questions, figures=figures, parts={})
    french = report_html(run=run, language="fr", questions=questions, figures=figures, parts={})
    assert "Submissions received outside the site, by channel" in english
    assert '<th scope="row">Brief</th>' in english and "Fisheries" in english
    assert '<th scope="row">Mémoire</th>' in french and "Pêches" in french
    # Never public: the text itself is in neither report.
    assert "porte sur les pêches" not in english + french


def test_csv_import_refuses_the_whole_file_with_line_numbers(analyst, question):
    rows = [
        [
            "channel",
            "received_on",
            "organisation",
            "participant_count",
            "language",
            "questions",
            "body",
        ],
        ["letter", "2026-11-01", "", "1", "en", str(question.pk), "A letter about trade."],
        ["fax", "2026-11-02", "", "1", "en", str(question.pk), "Unknown channel."],
        ["email", "2 Nov", "", "1", "fr", str(question.pk), "Mauvaise date."],
        ["session", "2026-11-03", "Town hall", "35", "en", "99999", "Notes."],
    ]
    stream = io.StringIO()
    csv.writer(stream).writerows(rows)
    with pytest.raises(ImportRefused) as refused:
        submissions_import(
            consultation=question.consultation,
            by=analyst,
            name="in.csv",
            stream=io.BytesIO(stream.getvalue().encode()),
        )
    assert [error.line for error in refused.value.errors] == [3, 4, 5]
    assert not Submission.objects.exists()


def test_xlsx_upload_through_the_page(client, analyst, question):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "channel",
            "received_on",
            "organisation",
            "participant_count",
            "language",
            "questions",
            "body",
        ]
    )
    sheet.append(
        ["email", datetime.date(2026, 11, 5), "", 1, "fr", str(question.pk), "Un courriel."]
    )
    sheet.append(["session", "2026-11-06", "Town hall", 35, "en", str(question.pk), "Notes."])
    data = io.BytesIO()
    book.save(data)
    client.force_login(analyst)
    response = client.post(
        reverse("analysis:submissions"),
        {"file": SimpleUploadedFile("in.xlsx", data.getvalue())},
    )
    assert response.status_code == 302
    assert sorted(Submission.objects.values_list("channel", "participant_count")) == [
        ("email", 1),
        ("session", 35),
    ]


def _themed_answers(question, seed):
    rng = random.Random(seed)
    themes = {
        "trade": "tariffs exports markets agreements investment farmers steel lumber",
        "climate": "emissions arctic warming carbon forests wildfire permafrost renewable",
        "peace": "peacekeeping diplomacy conflict mediation united nations soldiers ceasefire",
    }
    for n in range(60):
        words = list(themes.values())[n % 3].split()
        body = " ".join(rng.choice(words) for _ in range(12)) + f" point {n}"
        AnswerFactory(question=question, body=body, language="en")


def test_suggested_codes_are_the_same_twice_and_apply_nothing(analyst, question):
    _themed_answers(question, 1)
    found = []
    for _ in range(2):
        job = AnalysisJob.objects.create(
            consultation=question.consultation,
            kind=AnalysisJob.Kind.SUGGESTIONS,
            question=question,
            language="en",
        )
        assert jobs.analysis_job_execute(job.pk)
        found.append(
            [
                (s.size, s.phrases, s.example_ids)
                for s in SuggestedCode.objects.filter(job=job).order_by("rank")
            ]
        )
    assert found[0] == found[1]
    assert len(found[0]) >= 2
    assert all(len(examples) == 5 for _size, _phrases, examples in found[0])
    assert not Code.objects.exists() and not Coding.objects.exists()

    suggestion = SuggestedCode.objects.first()
    code = services.suggestion_accept(suggestion=suggestion, label_en="Trade", label_fr="Commerce")
    assert code.label_fr == "Commerce"
    assert not Coding.objects.exists()  # accepting adds a code; it codes nothing


def test_suggestions_from_a_sample_are_the_same_twice_and_count_every_answer(
    analyst, question, monkeypatch
):
    """Above `SAMPLE` answers the model learns from a seeded sample and every answer is
    counted in batches (here: a sample of 30 among 60, batches of 7)."""
    monkeypatch.setattr(suggestions, "SAMPLE", 30)
    monkeypatch.setattr(suggestions, "ASSIGN_BATCH", 7)
    _themed_answers(question, 2)
    found = []
    for _ in range(2):
        job = AnalysisJob.objects.create(
            consultation=question.consultation,
            kind=AnalysisJob.Kind.SUGGESTIONS,
            question=question,
            language="en",
        )
        assert jobs.analysis_job_execute(job.pk)
        found.append(
            [
                (s.size, s.phrases, s.example_ids)
                for s in SuggestedCode.objects.filter(job=job).order_by("rank")
            ]
        )
    assert found[0] == found[1]
    assert found[0]
    ids = set(question.answers.values_list("id", flat=True))
    # Counted over every answer, not only the 30 the model learnt from.
    assert 30 < sum(size for size, _p, _e in found[0]) <= 60
    assert all(set(examples) <= ids and len(examples) == 5 for _s, _p, examples in found[0])


def test_export_has_codes_as_columns_and_no_personal_information(
    client, analyst, question, django_capture_on_commit_callbacks, eager_celery
):
    answer = AnswerFactory(question=question, body="Write to me at jo@example.org about trade.")
    AnswerFactory(question=question, body='=HYPERLINK("x")')
    code = CodeFactory(codebook__consultation=question.consultation, label_en="Trade")
    services.coding_apply(analyst=analyst, code=code, question=question, answer_ids=[answer.pk])
    services.note_save(analyst=analyst, answer=answer, text="Call 613-555-0188.")
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analysis:exports"), {"format": "csv", "include_notes": "on"}
        )
    assert response.status_code == 302
    job = AnalysisJob.objects.get(kind=AnalysisJob.Kind.EXPORT_CSV)
    assert job.state == "succeeded"
    download = client.get(reverse("analysis:export_download", kwargs={"pk": job.pk}))
    text = b"".join(download.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert f"code:{code.pk}:Trade" in header
    by_id = {row[1]: row for row in rows[1:]}
    coded = by_id[str(answer.pk)]
    assert coded[header.index(f"code:{code.pk}:Trade")] == "1"
    assert "jo@example.org" not in text and "613-555-0188" not in text
    assert answer.author.email not in text
    assert any(row[header.index("text")].startswith("'=") for row in rows[1:])
    # XLSX too.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("analysis:exports"), {"format": "xlsx"})
    xlsx = AnalysisJob.objects.get(kind=AnalysisJob.Kind.EXPORT_XLSX)
    assert xlsx.state == "succeeded" and xlsx.path.endswith(".xlsx")


def test_pages_render_for_an_analyst(client, analyst, question):
    AnswerFactory(question=question)
    client.force_login(analyst)
    for name, kwargs in [
        ("analysis:index", {}),
        ("analysis:codebook", {}),
        ("analysis:duplicates", {"pk": question.pk}),
        ("analysis:suggestions", {"pk": question.pk}),
        ("analysis:agreement", {"pk": question.pk}),
        ("analysis:submissions", {}),
        ("analysis:exports", {}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200, name
