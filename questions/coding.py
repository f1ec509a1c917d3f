"""What the report may learn from the analysis of answers, without knowing who analyses.

The report asks this module for the coding figures of a consultation; the `analysis`
app registers the one provider in its `AppConfig.ready()`. Without a provider (an
installation without the analysis app) the report gets empty figures and leaves
its coding section out. Neither `reports` nor `analysis` imports the other: both
import this module, which imports neither.

Everything returned is JSON-ready: it is stored in the report run's figures.
"""

import datetime
from typing import Protocol, TypedDict


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


class QuestionCoding(TypedDict):
    """The coding of one question: coded units (answers, a campaign counting once)."""

    coded: int
    codes: list[CodeCount]
    campaigns: list[CampaignCount]
    # Submissions received outside the site that address the question, by channel.
    submissions: dict[str, int]


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
