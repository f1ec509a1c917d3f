"""Reads for the moderator pages; each runs a fixed number of queries."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ModerationDecision
from .queue import AuthorHistory, QueueItem, queue_items, queue_sources

QUEUE_LIMIT = 50


def queue_with_histories(limit: int = QUEUE_LIMIT) -> list[QueueItem]:
    """The oldest waiting items of every source, each with `item.history`.

    Every source is asked once for its items and once for the history of all the
    authors on the page, so the count of queries depends on the number of
    sources, not of items.
    """
    items = queue_items(limit)
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


def decisions_about_account(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """Decisions about the person themselves (suspensions), for their download."""
    return decisions_about(get_user_model(), [user.pk]).get(user.pk, [])
