"""What the report may learn from the analysis of answers, without knowing who analyses.

The report asks this module for the coding figures of a consultation; the `analysis`
app registers the one provider in its `AppConfig.ready()`. Without a provider (an
installation without the analysis app) the report gets empty figures and leaves
its coding section out. Neither `reports` nor `analysis` imports the other: both
import this module, which imports neither.

Everything returned is JSON-ready: it is stored in the report run's figures.
"""

import datetime
from typing import NotRequired, Protocol, TypedDict

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from moderation.pii import pii_mask, pii_render


class CodeCount(TypedDict):
    """How many answers (a campaign counting once) one code was applied to."""

    id: int
    parent_id: int | None
    label_en: str
    label_fr: str
    n: int


class CampaignCount(TypedDict):
    """A group of identical or nearly identical answers staff marked as a campaign."""

    id: int
    size: int
    first: str  # ISO date
    last: str


class CodingQuote(TypedDict):
    """A consented, published answer coded with a code, quoted under it in the report."""

    id: int
    question_id: int
    language: str
    display_name: str
    body: str


class SubmissionExcerpt(TypedDict):
    """An excerpt of a submission received outside the site, published with consent."""

    id: int
    channel: str
    language: str
    text: str


class QuestionCoding(TypedDict):
    """The coding of one question: coded units (answers, a campaign counting once)."""

    coded: int
    codes: list[CodeCount]
    campaigns: list[CampaignCount]
    # Submissions received outside the site that address the question, by channel.
    submissions: dict[str, int]
    # One or two quotes per code (by code id, as a string), never two from one author;
    # missing from figures stored before quotes were chosen.
    quotes: NotRequired[dict[str, list[CodingQuote]]]
    # Excerpts of submissions whose authors consented to their publication.
    excerpts: NotRequired[list[SubmissionExcerpt]]


class CodingFigures(TypedDict):
    codebook_version: int
    questions: dict[str, QuestionCoding]  # by question id, as a string (JSON keys)
    # Submissions received outside the site, by channel ("letter", "email", ...).
    submissions_by_channel: dict[str, int]
    channel_labels: dict[str, dict[str, str]]  # channel -> {"en": ..., "fr": ...}


class CodingProvider(Protocol):
    def __call__(self, *, consultation_id: int, cutoff: datetime.datetime) -> CodingFigures: ...


_provider: CodingProvider | None = None


def coding_provider_register(provider: CodingProvider | None) -> None:
    """Set (or with None, clear) the one provider of coding figures."""
    global _provider
    _provider = provider


def coding_figures_empty() -> CodingFigures:
    return {
        "codebook_version": 0,
        "questions": {},
        "submissions_by_channel": {},
        "channel_labels": {},
    }


def coding_figures(*, consultation_id: int, cutoff: datetime.datetime) -> CodingFigures:
    """The coding figures of a consultation up to `cutoff` (empty without a provider)."""
    if _provider is None:
        return coding_figures_empty()
    return _provider(consultation_id=consultation_id, cutoff=cutoff)


class QuoteRow(TypedDict):
    id: int
    language: str
    text: str  # rendered as View Answers renders it
    by: str
    url: str  # the answer's public permalink


class ExcerptRow(TypedDict):
    channel: str
    language: str
    text: str


class CodeRow(TypedDict):
    label: str
    sub: bool
    n: int
    share: int | None  # percent of coded units; None when the count is suppressed
    quotes: list[QuoteRow]


class QuestionSection(TypedDict):
    id: int
    text: str
    coded: int
    codes: list[CodeRow]
    campaigns: list[CampaignCount]
    submissions: list[tuple[str, int]]
    excerpts: list[ExcerptRow]


class ReportCoding(TypedDict):
    codebook_version: int
    questions: list[QuestionSection]
    submissions_by_channel: list[tuple[str, int]]
    campaigns: int


def coding_report_sections(
    figures: CodingFigures | None,
    *,
    questions: list[tuple[int, str]],
    language: str,
    threshold: int,
) -> ReportCoding:
    """The stored coding figures shaped for the report in `language`: per question (in
    the report's order), codes with their count and share, campaigns, submissions by
    channel. Shares of counts under `threshold` are left out, like the counts."""
    figures = figures or coding_figures_empty()
    labels = figures["channel_labels"]

    def channel(key: str) -> str:
        return labels.get(key, {}).get(language, key)

    sections: list[QuestionSection] = []
    campaigns = 0
    for question_id, text in questions:
        data = figures["questions"].get(str(question_id))
        if not data:
            continue
        coded = data["coded"]
        rows: list[CodeRow] = []
        quotes = data.get("quotes", {})
        for code in data["codes"]:
            n = code["n"]
            rows.append(
                {
                    "label": code["label_fr"] if language == "fr" else code["label_en"],
                    "sub": code["parent_id"] is not None,
                    "n": n,
                    "share": round(100 * n / coded) if coded and n >= threshold else None,
                    "quotes": [
                        _quote_row(quote, language) for quote in quotes.get(str(code["id"]), [])
                    ],
                }
            )
        campaigns += len(data["campaigns"])
        sections.append(
            {
                "id": question_id,
                "text": text,
                "coded": coded,
                "codes": rows,
                "campaigns": data["campaigns"],
                "submissions": [(channel(k), n) for k, n in sorted(data["submissions"].items())],
                "excerpts": [
                    {
                        "channel": channel(excerpt["channel"]),
                        "language": excerpt["language"],
                        "text": pii_mask(excerpt["text"], excerpt["language"]),
                    }
                    for excerpt in data.get("excerpts", [])
                ],
            }
        )
    return {
        "codebook_version": figures["codebook_version"],
        "questions": sections,
        "submissions_by_channel": [
            (channel(k), n) for k, n in sorted(figures["submissions_by_channel"].items())
        ],
        "campaigns": campaigns,
    }


def _quote_row(quote: CodingQuote, language: str) -> QuoteRow:
    with translation.override(language):
        url = reverse("questions:question_answers", kwargs={"pk": quote["question_id"]})
        by = pii_mask(quote["display_name"]) or gettext("Anonymous")
    return {
        "id": quote["id"],
        "language": quote["language"],
        "text": pii_render(quote["body"], quote["language"]),
        "by": by,
        "url": f"{url}#answer-{quote['id']}",
    }
