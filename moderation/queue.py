"""The single moderator queue: every content app registers a source of waiting items.

A source gives the items waiting for a moderator (pending, or published but
flagged enough to be hidden pending review), oldest first, with their context
loaded in a constant number of queries, and a cheap count for the header badge.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass
class QueueItem:
    kind: str  # the source's key: "answer", "post"
    pk: int
    waiting_since: datetime
    status: str
    body: str  # participant's text, already masked for PII where shown publicly
    language: str
    author: Any  # the user, or None
    context_title: str  # the question, or the thread title
    context_url: str
    # The thread title's language when it is the participant's text ("" for a question,
    # which is shown in the page's language), so the title carries `lang`.
    context_language: str = ""
    pii_detected: bool = False
    flags: list[tuple[str, int]] = field(default_factory=list)  # [(reason_label, count)]
    obj: Any = None
    history: Any = None  # AuthorHistory, filled in by moderation.selectors

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


@dataclass
class QueueSource:
    kind: str
    model: Any
    items: Callable[[int], list[QueueItem]]  # items(limit) -> list[QueueItem], oldest first
    count: Callable[[], int]
    # history(user_ids) -> {user_id: AuthorHistory} for this source's items, in a
    # constant number of queries; optional, the queue merges what sources give.
    history: Callable[[set[int]], dict[int, "AuthorHistory"]] | None = None
    label: "str | StrPromise" = ""  # what one item is, for the moderator ("Answer", "Forum post")


@dataclass
class AuthorHistory:
    """What a moderator wants to know about an author at a glance."""

    published: int = 0
    rejected: int = 0  # refused or hidden
    last_decisions: list[Any] = field(default_factory=list)  # ModerationDecision, newest first

    def merge(self, other: "AuthorHistory", keep: int = 3) -> "AuthorHistory":
        self.published += other.published
        self.rejected += other.rejected
        self.last_decisions = sorted(
            [*self.last_decisions, *other.last_decisions],
            key=lambda decision: (decision.created_at, decision.pk),
            reverse=True,
        )[:keep]
        return self


_sources: dict[str, QueueSource] = {}


def queue_source_register(source: QueueSource) -> None:
    _sources[source.kind] = source


def queue_sources() -> dict[str, QueueSource]:
    return dict(_sources)


def queue_items(limit: int = 50) -> list[QueueItem]:
    items: list[QueueItem] = []
    for source in _sources.values():
        items.extend(source.items(limit))
    items.sort(key=lambda item: (item.waiting_since, item.kind, item.pk))
    return items[:limit]


def queue_count() -> int:
    return sum(source.count() for source in _sources.values())
