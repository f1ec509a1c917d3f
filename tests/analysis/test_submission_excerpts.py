"""Submissions received outside the site stay private: only an excerpt staff publish
with its author's consent reaches the report, under its channel."""

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from analysis import services
from analysis.models import Submission
from config.celery import app
from reports.models import RunState
from reports.outputs import run_folder
from reports.services import report_run_start
from tests.factories import UserFactory
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PRIVATE = "Walrus letter from Yellowknife, never to be shown"
CONSENTED = "Consented excerpt about fair fisheries"
WITHHELD = "Excerpt written before any consent"


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.REPORTS_ROOT = tmp_path / "reports"
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _submission(question: Any, body: str, channel: str = "letter") -> Submission:
    return services.submission_create(
        consultation=question.consultation,
        by=None,
        channel=channel,
        received_on=timezone.localdate(),
        language="fr",
        body=body,
        question_ids=[question.pk],
    )


def _output_texts(folder: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in folder.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                texts[path.name] = " ".join(
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                )
        elif path.is_file() and path.suffix != ".pdf":
            texts[path.name] = path.read_text(errors="replace")
    return texts


def test_an_unconsented_submission_never_appears_in_any_report_output(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    # The PDF is made from the same HTML; its compressed text is not searchable here.
    monkeypatch.setattr("reports.services.report_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    staff = UserFactory(role="staff")
    question = QuestionFactory()
    _submission(question, PRIVATE)
    withheld = _submission(question, "Second letter.")
    withheld.excerpt = WITHHELD
    withheld.save(update_fields=["excerpt"])
    published = _submission(question, "Third, by e-mail.", channel="email")
    services.submission_excerpt_save(submission=published, excerpt=CONSENTED, consent=True)

    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    texts = _output_texts(run_folder(run.pk))
    assert "report-en.html" in texts and "report-fr.html" in texts
    for name, text in texts.items():
        assert "Walrus" not in text, name
        assert WITHHELD not in text, name
    assert CONSENTED in texts["report-en.html"]
    assert "from a submission received by e-mail" in texts["report-en.html"]
    assert "d’une contribution reçue par courriel" in texts["report-fr.html"]
    assert str(run.figures).find("Walrus") == -1


def test_consent_needs_an_excerpt() -> None:
    question = QuestionFactory()
    submission = _submission(question, "A letter.")
    with pytest.raises(ValidationError):
        services.submission_excerpt_save(submission=submission, excerpt="  ", consent=True)
    submission.refresh_from_db()
    assert not submission.excerpt_consent


def test_staff_publish_an_excerpt_from_the_submission_page(client: Any) -> None:
    question = QuestionFactory()
    submission = _submission(question, "A letter.")
    client.force_login(UserFactory(role="analyst"))
    url = reverse("analysis:submission", kwargs={"pk": submission.pk})
    response = client.post(
        url, {"form": "excerpt", "excerpt": CONSENTED, "excerpt_consent": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "The excerpt is saved." in response.content.decode()
    submission.refresh_from_db()
    assert submission.excerpt == CONSENTED and submission.excerpt_consent
