"""An address or a phone number typed in many answers (a campaign, a signature) never
becomes a key term of the published report, on SQLite and on PostgreSQL alike."""

import datetime
import html
import re
from collections.abc import Sequence
from typing import Any

import pytest
from django.utils import timezone

from questions.models import Question
from reports.models import RunState
from reports.outputs import run_folder
from reports.phrases import key_terms, stems_of
from reports.services import report_run_start
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.moderation.test_pii import ALL_DISGUISED, DISGUISED
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ADDRESS, PHONE = "bruno.tremblay@example.com", "613-555-0188"
SIGNATURE = f"Write to me: {ADDRESS} or {PHONE}."
ORDINARY = "Canada should invest in peacekeeping and fund development programmes."
# Words of the planted addresses that only say how an address is spelt out.
CONNECTORS = {"at", "dot", "arobase", "point"}
# Every word of the planted addresses (local parts, domains), as typed and as stems.
TYPED_WORDS = {
    word.lower()
    for word in re.findall(r"[^\W\d_]{2,}", f"{ADDRESS} {ALL_DISGUISED}".replace("\u200b", ""))
    if word.lower() not in CONNECTORS
} | {"exa", "mple"}
FORBIDDEN_TERMS = TYPED_WORDS | set(stems_of(" ".join(TYPED_WORDS), "en", stop_words=set()))
# What must not be read anywhere in the published files.
LOCAL_PARTS = ["bruno", "tremblay", "alma", "quinn", "carla", "dmitri", "paulo", "emile"]
LOCAL_PARTS += ["fatima", "gustav", "hana", "ingrid", "jonas", "karim", "lena", "maya"]
LOCAL_PARTS += ["nora", "omar", "quentin"]
DIGITS = ["0188", *(fragment for typed, fragment in DISGUISED if fragment[-1].isdigit())]


def _plant(question: Question, count: int = 12) -> None:
    for _ in range(count):
        AnswerFactory(
            question=question,
            body=f"{ORDINARY}\n\n{ALL_DISGUISED}\n\n{SIGNATURE}",
            published_at=timezone.now() - datetime.timedelta(hours=1),
        )


def _leaks(terms: Sequence[tuple[str, int, int]]) -> list[str]:
    return [
        term
        for term, _occurrences, _answers in terms
        if term in FORBIDDEN_TERMS
        or re.search(r"[@.\d]", term)
        or any(part in term for part in LOCAL_PARTS)
    ]


def test_the_checker_catches_a_leak() -> None:
    assert _leaks([("bruno", 12, 12), ("exampl", 9, 9), ("0188", 12, 12), ("a@b.ca", 1, 1)]) == [
        "bruno",
        "exampl",
        "0188",
        "a@b.ca",
    ]
    assert not _leaks([("invest", 12, 12), ("peacekeep", 12, 12)])


def test_key_terms_leave_out_addresses_and_phone_numbers() -> None:
    question = QuestionFactory()
    _plant(question)
    terms = key_terms(question_id=question.pk, language="en", cutoff=timezone.now(), limit=100)
    assert not _leaks(terms), _leaks(terms)
    found = {term for term, _occurrences, _answers in terms}
    # Ordinary words still count, once per answer; the notices are not words either.
    assert {"invest", "peacekeeping", "fund", "development", "programmes"} <= found
    assert ("invest", 12, 12) in terms
    assert not found & {"remov", "removed", "mail", "phone", "number"}


def test_published_report_shows_no_address_or_number(
    staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    consultation = ConsultationFactory()
    question = QuestionFactory(chapter=ChapterFactory(consultation=consultation))
    _plant(question)
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(consultation=consultation, requested_by=staff, cutoff=timezone.now())
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    folder = run_folder(run.pk)
    page = (folder / "report-en.html").read_text()
    tables = " ".join(re.findall(r'<table class="report-terms">.*?</table>', page, flags=re.S))
    cells = html.unescape(re.sub(r"<[^>]+>", " ", tables))
    leaked_terms = [word for word in FORBIDDEN_TERMS if re.search(rf"\b{word}\b", cells)]
    assert not leaked_terms, leaked_terms
    assert "invest" in cells and "peacekeeping" in cells
    texts = {"report-en.html": html.unescape(re.sub(r"<[^>]+>", " ", page))}
    for path in folder.iterdir():
        if path.suffix in {".csv", ".jsonl", ".json", ".txt", ".md"}:
            texts[path.name] = path.read_text()
    assert {"answers.csv", "answers.jsonl"} <= set(texts)
    for name, text in texts.items():
        leaked = [part for part in LOCAL_PARTS if re.search(rf"\b{part}\b", text, re.I)]
        leaked += [fragment for fragment in DIGITS if fragment in text]
        assert "@" not in text and not leaked, (name, leaked)
