"""Reads for the moderator pages; each runs a fixed number of queries."""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber

from accounts.models import User

from .models import Claim, Escalation, ModerationDecision, Status
from .queue import (
    ALL,
    AuthorHistory,
    PastDecision,
    QueueFilters,
    QueueItem,
    queue_items,
    queue_sources,
)
from .reasons import reason_label

QUEUE_LIMIT = 50
LAST_DECISIONS = 3
DECIDED = [Status.PUBLISHED, Status.REJECTED, Status.HIDDEN]


def author_histories(model: type[models.Model], user_ids: set[int]) -> dict[int, AuthorHistory]:
    """{user_id: AuthorHistory} over the rows of `model` (answers, forum posts) these
    people wrote: two queries whatever the numbers. Every queue source uses it, so a
    moderator sees the same history for an answer's author and a forum post's."""
    histories = {user_id: AuthorHistory() for user_id in user_ids}
    if not user_ids:
        return histories
    manager = model._default_manager
    # Only decided rows, counted on `status`: the partial index on (author, status)
    # of decided rows answers it alone, however many items the authors have waiting.
    counts = (
        manager.filter(author_id__in=user_ids, status__in=DECIDED)
        .values("author_id")
        .annotate(
            published=Count("status", filter=Q(status=Status.PUBLISHED)),
            rejected=Count("status", filter=Q(status__in=[Status.REJECTED, Status.HIDDEN])),
        )
        .order_by()
    )
    for row in counts:
        history = histories[row["author_id"]]
        history.published, history.rejected = row["published"], row["rejected"]
    # The decisions carry their target's author: the index on (author, created_at)
    # gives each author's last few without reading their items.
    decisions = (
        ModerationDecision.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            author_id__in=user_ids,
            moderator__isnull=False,
            to_status__in=DECIDED,
        )
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=LAST_DECISIONS)
        .order_by("-created_at", "-id")
        .values_list("author_id", "created_at", "id", "action", "reason")
    )
    for author_id, created_at, pk, action, reason in decisions:
        histories[author_id].last_decisions.append(PastDecision(created_at, pk, action, reason))
    return histories


def queue_with_histories(
    limit: int = QUEUE_LIMIT, filters: QueueFilters = ALL, sources: Collection[str] | None = None
) -> list[QueueItem]:
    """The waiting items of every source that match `filters`, each with `item.history`.

    Every source is asked once for its items and once for the history of all the
    authors on the page, so the count of queries depends on the number of
    sources, not of items.
    """
    items = queue_items(limit, filters, sources)
    user_ids = {item.author.pk for item in items if item.author is not None}
    histories = {user_id: AuthorHistory() for user_id in user_ids}
    if user_ids:
        for source in queue_sources().values():
            if source.history is None:
                continue
            for user_id, history in source.history(user_ids).items():
                histories[user_id].merge(history)
    for item in items:
        item.history = histories.get(item.author.pk) if item.author is not None else None
    return items


def claims_held(*, moderator: User, now: datetime.datetime | None) -> dict[str, datetime.datetime]:
    """{queue key: expiry} of the live claims `moderator` holds: one query."""
    kinds = {
        ContentType.objects.get_for_model(source.model).pk: source.kind
        for source in queue_sources().values()
        if source.model is not None
    }
    claims = Claim.objects.filter(moderator_id=moderator.pk, expires_at__gt=now)
    return {
        f"{kinds[claim.target_type_id]}:{claim.target_id}": claim.expires_at
        for claim in claims
        if claim.target_type_id in kinds
    }


def open_escalations(items: list[QueueItem]) -> None:
    """Set `item.escalation` on each item sent for a second opinion: one query."""
    kinds = {
        source.kind: ContentType.objects.get_for_model(source.model).pk
        for source in queue_sources().values()
        if source.model is not None
    }
    wanted = Q(pk__in=[])
    for item in items:
        wanted |= Q(target_type_id=kinds[item.kind], target_id=item.pk)
    if not items:
        return
    found = {
        (escalation.target_type_id, escalation.target_id): escalation
        for escalation in Escalation.objects.filter(
            wanted, resolved_at__isnull=True
        ).select_related("requested_by")
    }
    for item in items:
        item.escalation = found.get((kinds[item.kind], item.pk))


def decision_log() -> models.QuerySet[ModerationDecision]:
    """Every decision, newest first, with who took it and on what kind of item."""
    return ModerationDecision.objects.select_related("moderator", "target_type").order_by(
        "-created_at", "-id"
    )


def decisions_about(
    model: type[models.Model], ids: Iterable[int]
) -> dict[int, list[dict[str, Any]]]:
    """{target id: [decision, oldest first]} for these rows of `model`, for their
    author's own-data download: what was decided and why, not who decided."""
    found: dict[int, list[dict[str, Any]]] = {}
    decisions = ModerationDecision.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=list(ids)
    ).order_by("created_at", "id")
    for decision in decisions:
        found.setdefault(decision.target_id, []).append(
            {
                "action": decision.action,
                "from_status": decision.from_status,
                "to_status": decision.to_status,
                "reason": decision.reason,
                "note": decision.note,
                "at": decision.created_at.isoformat(),
            }
        )
    return found


def decisions_about_account(user: User) -> list[dict[str, Any]]:
    """Decisions about the person themselves (suspensions), for their download."""
    return decisions_about(get_user_model(), [user.pk]).get(user.pk, [])


# Pace and consistency: what the team decided, how fast, and why.
PACE_WINDOWS = (1, 8, 24, 168)  # hours offered on the pace page


@dataclass
class ModeratorPace:
    moderator: Any  # the user; None for a deleted account
    decisions: int
    per_hour: float


@dataclass
class ReasonShare:
    reason: str
    label: str
    count: int
    share: float  # 0..1 of the decisions that gave a reason

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class Pace:
    hours: int
    decisions: int
    per_hour: float
    moderators: list[ModeratorPace]
    median_wait: datetime.timedelta | None
    oldest_waiting: datetime.datetime | None
    reasons: list[ReasonShare]

    @property
    def median_wait_minutes(self) -> int | None:
        if self.median_wait is None:
            return None
        return round(self.median_wait.total_seconds() / 60)


def oldest_waiting() -> datetime.datetime | None:
    """When the item waiting longest came in (every source, claimed items and those
    sent for a second opinion too): one query per source."""
    found = [
        moment
        for source in queue_sources().values()
        if source.oldest is not None
        for moment in [source.oldest()]
        if moment is not None
    ]
    return min(found) if found else None


def pace(hours: int, now: datetime.datetime) -> Pace:
    """Decisions per hour (overall and per moderator), the median wait from submission
    to decision and the share of each reason, over the last `hours`: four queries."""
    since = now - datetime.timedelta(hours=hours)
    decided = ModerationDecision.objects.filter(
        created_at__gt=since, moderator__isnull=False, to_status__in=DECIDED
    ).exclude(from_status=F("to_status"))
    per_moderator = (
        decided.values("moderator_id").annotate(n=Count("id")).order_by("-n", "moderator_id")
    )
    rows = list(per_moderator)
    users = get_user_model().objects.in_bulk([row["moderator_id"] for row in rows])
    moderators = [
        ModeratorPace(
            moderator=users.get(row["moderator_id"]),
            decisions=row["n"],
            per_hour=row["n"] / hours,
        )
        for row in rows
    ]
    total = sum(row["n"] for row in rows)
    submitted = (
        ModerationDecision.objects.filter(
            target_type=OuterRef("target_type"),
            target_id=OuterRef("target_id"),
            to_status=Status.PENDING,
            action__startswith="author-",
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    waits = sorted(
        decision_at - submitted_at
        for decision_at, submitted_at in decided.filter(from_status=Status.PENDING)
        .annotate(submitted_at=Subquery(submitted))
        .values_list("created_at", "submitted_at")
        if submitted_at is not None
    )
    median_wait = None
    if waits:
        middle = len(waits) // 2
        median_wait = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    by_reason = list(
        decided.exclude(reason="").values("reason").annotate(n=Count("id")).order_by("-n", "reason")
    )
    with_reason = sum(row["n"] for row in by_reason)
    reasons = [
        ReasonShare(
            reason=row["reason"],
            label=reason_label(row["reason"]),
            count=row["n"],
            share=row["n"] / with_reason,
        )
        for row in by_reason
    ]
    return Pace(
        hours=hours,
        decisions=total,
        per_hour=total / hours,
        moderators=moderators,
        median_wait=median_wait,
        oldest_waiting=oldest_waiting(),
        reasons=reasons,
    )
