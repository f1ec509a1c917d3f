"""The report quotes and data files mask disguised addresses and numbers, and leave out
the questions of unpublished chapters."""

import html
import re

import pytest
from django.utils import timezone

from reports.models import RunState
from reports.outputs import run_folder
from reports.services import report_run_start
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.moderation.test_pii import ALL_DISGUISED, DISGUISED
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_report_quotes_and_data_files_are_masked(staff, django_capture_on_commit_callbacks):
    consultation = ConsultationFactory()
    question = QuestionFactory(chapter=ChapterFactory(consultation=consultation))
    hidden_question = QuestionFactory(
        chapter=ChapterFactory(
            consultation=consultation, title_en="Embargoed chapter title", published=False
        ),
        text_en="An embargoed walrus question?",
    )
    AnswerFactory(
        question=question,
        body=ALL_DISGUISED,
        display_name="Zed 613-555-0299",
        featured=True,
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(consultation=consultation, requested_by=staff, cutoff=timezone.now())
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    folder = run_folder(run.pk)
    page = (folder / "report-en.html").read_text()
    report = html.unescape(re.sub(r"<[^>]+>", " ", page))
    # The quotes; the key terms are counted words, another matter.
    quotes = html.unescape(
        re.sub(
            r"<[^>]+>",
            " ",
            " ".join(re.findall(r'<figure class="report-quote">.*?</figure>', page, flags=re.S)),
        )
    )
    assert "[e-mail removed]" in quotes and "[phone number removed]" in quotes
    for name, text in [
        ("quotes", quotes),
        ("answers.csv", (folder / "answers.csv").read_text()),
        ("answers.jsonl", (folder / "answers.jsonl").read_text()),
    ]:
        leaked = [fragment for _typed, fragment in DISGUISED if fragment in text]
        assert not leaked, (name, leaked)
        assert "0299" not in text, name
    assert "walrus" not in report and "Embargoed chapter" not in report
    assert hidden_question.pk
