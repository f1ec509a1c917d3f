"""The single moderator queue: every content app registers a source of waiting items.

A source gives the items waiting for a moderator (pending, or published but
flagged enough to be hidden pending review) that match the moderator's filters,
in the asked order, with their context loaded in a constant number of queries,
the history of their authors, and cheap counts for the header badge and the views.

Each content app builds its source in its own `queue.py` and registers it in its
`AppConfig.ready()`; the sources are symmetric: same fields, same masking rule
(moderators read the original text, with a warning when it seems to hold personal
information), same history.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from django.db.models import Model
    from django.utils.functional import Promise
    from django_stubs_ext import StrPromise


# The kinds a moderator can filter on; a source serves one or more of them.
KINDS = ("answer", "thread", "reply")
SORTS = ("oldest", "newest", "flags")
# Waiting longer than: hours, as offered in the filter.
AGES = (1, 24, 72)
# The queue pages count waiting items up to this many and show "1,000+" beyond: an
# exact count reads the whole backlog, a capped one at most COUNT_CAP + 1 index rows.
# A count above COUNT_CAP means "more than COUNT_CAP".
COUNT_CAP = 1000
TRUST_LEVELS = ("new", "known")


@dataclass(frozen=True)
class QueueFilters:
    """What the moderator asked to see; every field comes from the URL."""

    kind: str = ""  # "" or one of KINDS
    language: str = ""  # "" or "en", "fr"
    place: str = ""  # "" or "chapter:<id>", "question:<id>", "board:<id>"
    flagged: bool = False
    pii: bool = False
    trust: str = ""  # "" or one of TRUST_LEVELS: author with no / some published text
    older_than_hours: int = 0
    sort: str = "oldest"
    claimed: str = ""  # "" (free or mine), "mine" (my live claims), "free" (nobody's)
    escalated: bool = False  # the escalation view: only items sent for a second opinion
    # Set by the queue, not the URL: the moment "older than" and claims count from,
    # and the moderator looking (items other moderators claimed are not shown).
    now: datetime.datetime | None = None
    viewer: int | None = None

    def place_parts(self) -> tuple[str, int] | None:
        if not self.place:
            return None
        name, _, number = self.place.partition(":")
        return name, int(number)

    def cut_off(self) -> datetime.datetime | None:
        if not self.older_than_hours or self.now is None:
            return None
        return self.now - datetime.timedelta(hours=self.older_than_hours)

    def without_kind(self) -> QueueFilters:
        return replace(self, kind="")


ALL = QueueFilters()


@dataclass
class QueueItem:
    kind: str  # the source's key: "answer", "post"
    pk: int
    waiting_since: datetime.datetime
    status: str
    body: str  # the participant's text as written; the page warns when it holds PII
    language: str
    author: Any  # the user, or None
    context_title: str  # the question, or the thread title
    context_url: str
    # The thread title's language when it is the participant's text ("" for a question,
    # which is shown in the page's language), so the title carries `lang`.
    context_language: str = ""
    pii_detected: bool = False
    flags: list[tuple[str | StrPromise, int]] = field(
        default_factory=list
    )  # [(reason label, count)]
    obj: Any = None
    history: AuthorHistory | None = None  # filled in by moderation.selectors
    label: str | StrPromise = ""  # what the item is, for the moderator: "Answer", "Forum post"
    view_kind: str = ""  # one of KINDS: "answer", "thread" (opening post), "reply"
    claim_expires: datetime.datetime | None = None  # when the viewer's claim on it ends
    escalation: Any = None  # the open Escalation, in the escalation view
    # Filled in by the page, in its language: "answer 12" (for screen readers, after
    # each button's label) and "Answer 12" (the item's heading).
    name: str = ""
    heading: str = ""
    html: str = ""  # the item as the queue page shows it

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def flag_count(self) -> int:
        return sum(count for _label, count in self.flags)


class PastDecision(NamedTuple):
    """One of an author's last decisions, as the queue shows it."""

    created_at: datetime.datetime
    pk: int
    action: str
    reason: str


@dataclass
class AuthorHistory:
    """What a moderator wants to know about an author at a glance."""

    published: int = 0
    rejected: int = 0  # refused or hidden
    last_decisions: list[PastDecision] = field(default_factory=list)  # newest first

    def merge(self, other: AuthorHistory, keep: int = 3) -> AuthorHistory:
        self.published += other.published
        self.rejected += other.rejected
        self.last_decisions = sorted(
            [*self.last_decisions, *other.last_decisions],
            key=lambda decision: (decision.created_at, decision.pk),
            reverse=True,
        )[:keep]
        return self


ItemsFunction = Callable[..., list[QueueItem]]  # items(limit, filters=ALL), in filters.sort order
# counts(filters, cap) -> {view kind: waiting}, each at most cap + 1 when cap is given
CountsFunction = Callable[[QueueFilters, int | None], dict[str, int]]
HistoryFunction = Callable[[set[int]], dict[int, AuthorHistory]]
PublishedByFunction = Callable[[Any], Exists]  # Exists(published text by OuterRef author)


@dataclass
class QueueSource:
    kind: str
    model: type[Model] | None
    items: ItemsFunction
    count: Callable[..., int]  # count(filters=ALL, cap=None): at most cap + 1 when given
    # history(user_ids) -> {user_id: AuthorHistory} for this source's items, in a
    # constant number of queries; the queue merges what sources give.
    history: HistoryFunction | None = None
    label: str | Promise = ""  # what one item is, for the moderator ("Answer", "Forum post")
    # counts(filters, cap) -> {view kind: number waiting} under the other filters.
    counts: CountsFunction | None = None
    # published_by(outer_ref) -> Exists(...) of this source's published texts by the
    # author `outer_ref` points to: the trust-level filter asks every source.
    published_by: PublishedByFunction | None = None
    # places() -> [(value, label)] for the chapter/board filter.
    places: Callable[[], list[tuple[str, str]]] | None = None
    view_kinds: tuple[str, ...] = ()
    # redact(target, body) -> the fields it changed: the body and what derives from it
    # (rendered HTML, the personal-information warning). Saved by the caller.
    redact: Callable[[Any, str], list[str]] | None = None
    # oldest() -> when this source's longest-waiting item came in (claimed and sent
    # for a second opinion included), in one query, for the header badge and digest.
    oldest: Callable[[], datetime.datetime | None] | None = None


_sources: dict[str, QueueSource] = {}


def queue_source_register(source: QueueSource) -> None:
    _sources[source.kind] = source


def queue_sources() -> dict[str, QueueSource]:
    return dict(_sources)


def trust_condition(filters: QueueFilters, author_field: str = "author_id") -> Q:
    """The Q a source adds for the trust-level filter (nothing when not asked).

    An author is "known" when any source holds a published text of theirs, "new"
    otherwise (a deleted account counts as new).
    """
    if not filters.trust:
        return Q()
    known = Q(pk__in=[])
    conditions = [
        Q(source.published_by(OuterRef(author_field)))
        for source in _sources.values()
        if source.published_by is not None
    ]
    if conditions:
        known = conditions[0]
        for condition in conditions[1:]:
            known |= condition
    return known if filters.trust == "known" else ~known


def claim_condition(filters: QueueFilters, model: type[Model]) -> Q:
    """The Q a source adds so that a moderator never sees items others hold."""
    if filters.viewer is None and not filters.claimed:
        return Q()
    from django.contrib.contenttypes.models import ContentType

    from .models import Claim

    live = Claim.objects.filter(
        target_type=ContentType.objects.get_for_model(model),
        target_id=OuterRef("pk"),
        expires_at__gt=filters.now,
    )
    if filters.claimed == "mine":
        return Q(Exists(live.filter(moderator_id=filters.viewer)))
    if filters.claimed == "free":
        return ~Q(Exists(live))
    return ~Q(Exists(live.exclude(moderator_id=filters.viewer)))


def escalation_condition(filters: QueueFilters, model: type[Model]) -> Q:
    """Items sent for a second opinion leave the main queue for the escalation view."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Escalation

    open_escalation = Exists(
        Escalation.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id=OuterRef("pk"),
            resolved_at__isnull=True,
        )
    )
    return Q(open_escalation) if filters.escalated else ~Q(open_escalation)


def sort_key(filters: QueueFilters) -> Callable[[QueueItem], Any]:
    if filters.sort == "flags":
        return lambda item: (-item.flag_count, item.waiting_since, item.kind, item.pk)
    return lambda item: (item.waiting_since, item.kind, item.pk)


def items_sorted(items: Iterable[QueueItem], filters: QueueFilters, limit: int) -> list[QueueItem]:
    ordered = sorted(items, key=sort_key(filters), reverse=filters.sort == "newest")
    return ordered[:limit]


def _chosen(sources: Collection[str] | None) -> list[QueueSource]:
    return [s for kind, s in _sources.items() if sources is None or kind in sources]


def queue_items(
    limit: int = 50, filters: QueueFilters = ALL, sources: Collection[str] | None = None
) -> list[QueueItem]:
    """The waiting items matching `filters` in their order, from every source (or
    only those named in `sources`)."""
    items: list[QueueItem] = []
    for source in _chosen(sources):
        items.extend(source.items(limit, filters))
    return items_sorted(items, filters, limit)


def queue_waiting(cap: int | None = COUNT_CAP) -> dict[str, int]:
    """{source kind: items waiting in the main queue}, each counted up to cap + 1:
    one query per source. A source with none has nothing to show under any filter of
    the main queue (the escalation view excepted), so the queue page skips it; the
    header badge adds them up."""
    return {kind: source.count(ALL, cap=cap) for kind, source in _sources.items()}


def queue_count(filters: QueueFilters = ALL, cap: int | None = None) -> int:
    """How many items wait; with `cap`, counted up to cap + 1 ("more than cap")."""
    total = sum(source.count(filters, cap=cap) for source in _sources.values())
    return total if cap is None else min(total, cap + 1)


def queue_counts(
    filters: QueueFilters, cap: int | None = COUNT_CAP, sources: Collection[str] | None = None
) -> dict[str, int]:
    """{view kind: number waiting} under every other filter the moderator chose, each
    counted up to cap + 1 ("more than cap"), from every source (or those named)."""
    counts = dict.fromkeys(KINDS, 0)
    others = filters.without_kind()
    for source in _chosen(sources):
        if source.counts is None:
            continue
        for kind, number in source.counts(others, cap).items():
            counts[kind] = counts.get(kind, 0) + number
    if cap is not None:
        counts = {kind: min(number, cap + 1) for kind, number in counts.items()}
    return counts


def queue_places() -> list[tuple[str, str]]:
    places: list[tuple[str, str]] = []
    for source in _sources.values():
        if source.places is not None:
            places.extend(source.places())
    return places
