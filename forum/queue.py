"""The forum's source for the moderator queue: pending posts and posts hidden by flags.

Built like the answers' source (questions/queue.py): the moderator reads the text as
written with a warning when it seems to hold personal information, and sees the
author's history.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any, cast

from django.db.models import Count, Exists, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue.markdown import render_user_text
from moderation.models import Status
from moderation.pii import pii_found
from moderation.queue import (
    ALL,
    AuthorHistory,
    QueueFilters,
    QueueItem,
    QueueSource,
    claim_condition,
    escalation_condition,
    trust_condition,
)
from moderation.reasons import reason_label
from moderation.selectors import author_histories as histories_of

from . import selectors
from .models import Board, Post

KIND = "post"
VIEW_KINDS = ("thread", "reply")


def _served(filters: QueueFilters) -> bool:
    place = filters.place_parts()
    return filters.kind in ("", *VIEW_KINDS) and (place is None or place[0] == "board")


# Posts annotated with `waiting_since` by `selectors.queue_posts_annotated`, which the
# type checker sees as plain posts: lookups on the annotation are left unchecked.
WaitingPosts = QuerySet[Any]


def waiting(filters: QueueFilters = ALL, *, annotated: bool = True) -> WaitingPosts:
    """Waiting posts matching the moderator's filters, with `waiting_since` unless
    `annotated` is false (a count needs it only for the age filter)."""
    cut_off = filters.cut_off()
    posts = cast(
        WaitingPosts,
        selectors.queue_posts_annotated()
        if annotated or cut_off is not None
        else selectors.queue_posts(),
    )
    if filters.kind:
        posts = posts.filter(is_opening=filters.kind == "thread")
    if filters.language:
        posts = posts.filter(language=filters.language)
    if filters.pii:
        posts = posts.filter(pii_detected=True)
    if filters.flagged:
        posts = posts.filter(Exists(selectors.open_flags_of_outer_post()))
    place = filters.place_parts()
    if place is not None:
        posts = posts.filter(thread__board_id=place[1])
    if cut_off is not None:
        posts = posts.filter(waiting_since__lte=cut_off)
    return posts.filter(
        trust_condition(filters),
        claim_condition(filters, Post),
        escalation_condition(filters, Post),
    )


def queue_items(limit: int, filters: QueueFilters = ALL) -> list[QueueItem]:
    """Waiting posts in the asked order: two queries whatever their number."""
    if not _served(filters):
        return []
    waiting_posts = waiting(filters).select_related("thread", "author")
    if filters.sort == "flags":
        waiting_posts = waiting_posts.annotate(
            open_flags=Count("flags", filter=Q(flags__resolved=False), distinct=True)
        ).order_by("-open_flags", "waiting_since", "id")
    elif filters.sort == "newest":
        waiting_posts = waiting_posts.order_by("-waiting_since", "-id")
    else:
        waiting_posts = waiting_posts.order_by("waiting_since", "id")
    posts = list(waiting_posts[:limit])
    flags = selectors.open_flag_counts([post.pk for post in posts])
    items = []
    for post in posts:
        url = reverse("forum:thread", kwargs={"pk": post.thread_id})
        items.append(
            QueueItem(
                kind=KIND,
                pk=post.pk,
                waiting_since=post.waiting_since,
                status=post.status,
                # Moderators read the original, as for answers; the template warns
                # when it holds PII, and readers see it masked.
                body=post.body,
                language=post.language,
                author=post.author,
                context_title=post.thread.title,
                context_language=post.thread.language,
                context_url=f"{url}#post-{post.pk}",
                pii_detected=post.pii_detected,
                flags=[(reason_label(reason), count) for reason, count in flags.get(post.pk, [])],
                obj=post,
                label=_("Forum post"),
                view_kind="thread" if post.is_opening else "reply",
            )
        )
    return items


def queue_count(filters: QueueFilters = ALL, cap: int | None = None) -> int:
    """How many posts wait; with `cap`, at most cap + 1."""
    if not _served(filters):
        return 0
    # Without the last-flag annotation: it joins every flag and groups the posts.
    posts = waiting(filters, annotated=False)
    return (posts if cap is None else posts.order_by()[: cap + 1]).count()


def queue_counts(filters: QueueFilters, cap: int | None = None) -> dict[str, int]:
    """{"thread": n, "reply": m}: one query, or one per view kind with `cap`."""
    if not _served(filters):
        return dict.fromkeys(VIEW_KINDS, 0)
    if cap is not None:
        return {kind: queue_count(replace(filters, kind=kind), cap=cap) for kind in VIEW_KINDS}
    totals = waiting(filters, annotated=False).aggregate(
        thread=Count("id", filter=Q(is_opening=True)),
        reply=Count("id", filter=Q(is_opening=False)),
    )
    return {kind: totals[kind] or 0 for kind in VIEW_KINDS}


def author_histories(user_ids: set[int]) -> dict[int, AuthorHistory]:
    """{user_id: AuthorHistory} over forum posts: two queries whatever the numbers."""
    return histories_of(Post, user_ids)


def published_by(author: Any) -> Exists:
    return Exists(Post.objects.filter(author_id=author, status=Status.PUBLISHED))


def places() -> list[tuple[str, str]]:
    """The boards, for the queue's place filter: one query."""
    return [
        (f"board:{board.pk}", board.title)
        for board in Board.objects.order_by("consultation_id", "order", "pk")
    ]


def oldest() -> datetime.datetime | None:
    return (
        cast(WaitingPosts, selectors.queue_posts_annotated())
        .order_by("waiting_since", "id")
        .values_list("waiting_since", flat=True)
        .first()
    )


def redact(post: Post, body: str) -> list[str]:
    post.body = body
    post.body_html = render_user_text(body)
    post.pii_detected = pii_found(body)
    return ["body", "body_html", "pii_detected"]


queue_source = QueueSource(
    kind=KIND,
    model=Post,
    items=queue_items,
    count=queue_count,
    history=author_histories,
    label=_("Forum post"),
    counts=queue_counts,
    published_by=published_by,
    places=places,
    view_kinds=VIEW_KINDS,
    redact=redact,
    oldest=oldest,
)
