"""Reads of the forum. Each page's query count stays flat however many posts there are."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from dialogue.models import Consultation
from dialogue.selectors import chapter_public_q, chapters_public
from moderation.models import Reason, Status
from moderation.selectors import decisions_about

from .models import Board, Flag, Post, Subscription, Thread

if TYPE_CHECKING:
    from accounts.models import User


# Threads the public can open: published, or whose opening post its author removed
# (the replies stay readable under a stub).
PUBLIC_THREAD_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
# Posts shown in a thread to everyone: in full, or as a stub that keeps replies in context.
PUBLIC_POST_STATUSES = (Status.PUBLISHED, Status.HIDDEN, Status.WITHDRAWN)

THREAD_SORTS = {
    "activity": ("-pinned", "-last_activity_at", "-id"),
    "newest": ("-created_at", "-id"),
}


def _count_subquery(queryset: QuerySet[Any], group_by: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def boards_public(consultation: Consultation | int) -> QuerySet[Board]:
    """Boards anyone may open: on no chapter, or on a published one."""
    return Board.objects.filter(
        chapter_public_q("chapter", optional=True), consultation=consultation
    )


def board_is_public(board: Board) -> bool:
    return board.chapter_id is None or chapters_public().filter(pk=board.chapter_id).exists()


def boards_with_stats(consultation: Consultation) -> QuerySet[Board]:
    """The consultation's boards with their public thread and post counts and last activity,
    in one query that reads threads only (each thread holds its reply count; its opening
    post is published exactly when the thread is)."""
    public_threads = Thread.objects.filter(board=OuterRef("pk"), status__in=PUBLIC_THREAD_STATUSES)
    stats = public_threads.order_by().values("board")
    return (
        boards_public(consultation)
        .select_related("chapter")
        .annotate(
            thread_count=Coalesce(
                Subquery(stats.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
            post_count=Coalesce(
                Subquery(
                    stats.annotate(
                        n=Sum("reply_count") + Count("pk", filter=Q(status=Status.PUBLISHED))
                    ).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            last_activity_at=Subquery(
                public_threads.order_by("-last_activity_at").values("last_activity_at")[:1]
            ),
        )
    )


def board_for_slug(consultation: Consultation, slug: str) -> Board:
    """The public board with this slug in the active language (modeltranslation rewrites
    `slug`)."""
    board = boards_public(consultation).filter(slug=slug).first()
    if board is None:
        raise Http404
    return board


def board_threads(board: Board, *, sort: str = "activity") -> QuerySet[Thread]:
    """The public threads of a board (each holds its reply count and the opening author's
    name), in the order of one of the partial indexes `thread_public_by_*`."""
    return Thread.objects.filter(board=board, status__in=PUBLIC_THREAD_STATUSES).order_by(
        *THREAD_SORTS.get(sort, THREAD_SORTS["activity"])
    )


def thread_for_reading(pk: int, *, user: "User | AnonymousUser") -> Thread:
    """The thread with its board, or 404 when this reader may not see it.

    Pending, rejected and hidden threads are shown to moderators and to their author only.
    """
    thread = Thread.objects.select_related("board", "board__consultation").filter(pk=pk).first()
    if thread is None:
        raise Http404
    if not board_is_public(thread.board):
        raise Http404
    if thread.status in PUBLIC_THREAD_STATUSES:
        return thread
    if user.is_authenticated and (user.is_moderator or thread.author_id == user.pk):
        return thread
    raise Http404


def thread_posts(thread: Thread, *, user: "User | AnonymousUser") -> QuerySet[Post]:
    """Posts of `thread` this reader sees, oldest first.

    Everyone sees published posts and the stubs of hidden or removed ones; an author
    also sees their own pending or refused posts; moderators see everything, with the
    number of unresolved flags.
    """
    posts = Post.objects.filter(thread=thread).select_related("reply_to")
    if user.is_authenticated and user.is_moderator:
        posts = posts.annotate(open_flags=Count("flags", filter=Q(flags__resolved=False)))
    elif user.is_authenticated:
        posts = posts.filter(Q(status__in=PUBLIC_POST_STATUSES) | Q(author=user))
    else:
        posts = posts.filter(status__in=PUBLIC_POST_STATUSES)
    return posts.order_by("created_at", "id")


def posts_flagged_by(user: "User | AnonymousUser", post_ids: Iterable[int]) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Flag.objects.filter(reporter=user, post_id__in=post_ids).values_list("post_id", flat=True)
    )


def is_subscribed(user: "User | AnonymousUser", thread: Thread) -> bool:
    return user.is_authenticated and Subscription.objects.filter(user=user, thread=thread).exists()


def board_feed_threads(board: Board, limit: int = 20) -> QuerySet[Thread]:
    return (
        Thread.objects.filter(board=board, status=Status.PUBLISHED)
        .annotate(
            opening_body_html=Subquery(
                Post.objects.filter(thread=OuterRef("pk"), is_opening=True).values("body_html")[:1]
            ),
        )
        .order_by("-created_at", "-id")[:limit]
    )


def queue_posts() -> QuerySet[Post]:
    """Posts waiting for a moderator: pending, or hidden by flags pending review."""
    return Post.objects.filter(
        Q(status=Status.PENDING) | Q(status=Status.HIDDEN, reason=Reason.FLAGS)
    )


def queue_posts_annotated() -> QuerySet[Post]:
    """`queue_posts` with `waiting_since`: the last open flag, else the posting."""
    return queue_posts().annotate(
        last_flag_at=Max("flags__created_at", filter=Q(flags__resolved=False)),
        waiting_since=Coalesce("last_flag_at", "created_at"),
    )


def open_flags_of_outer_post() -> QuerySet[Flag]:
    """Unresolved flags of the post an outer query points to, for Exists()."""
    return Flag.objects.filter(post_id=OuterRef("pk"), resolved=False)


def open_flag_counts(post_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """{post_id: [(reason, count), …]} for the unresolved flags of these posts, in one query."""
    counts: dict[int, list[tuple[str, int]]] = {}
    rows = (
        Flag.objects.filter(post_id__in=post_ids, resolved=False)
        .values("post_id", "reason")
        .annotate(n=Count("id"))
        .order_by("post_id", "-n", "reason")
    )
    for row in rows:
        counts.setdefault(row["post_id"], []).append((row["reason"], row["n"]))
    return counts


def published_post_count(user: "User") -> int:
    return Post.objects.filter(author=user, status=Status.PUBLISHED).count()


def post_page_number(post: Post, per_page: int) -> int:
    """The page of its thread where `post` appears for an anonymous reader."""
    before = Post.objects.filter(thread_id=post.thread_id, status__in=PUBLIC_POST_STATUSES).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.id)
    )
    return before.count() // per_page + 1


def display_name_suggested(user: "User") -> str:
    """The name offered on the forum's forms: the profile's, else the one the
    participant last gave with an answer, so they do not post as "Anonymous" unasked."""
    if user.display_name:
        return user.display_name
    from questions.models import Answer

    return (
        Answer.objects.filter(author=user)
        .exclude(display_name="")
        .order_by("-updated_at")
        .values_list("display_name", flat=True)
        .first()
        or ""
    )


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def forum_of_own_data(user: "User") -> dict[str, list[dict[str, Any]]]:
    """Everything of the forum about `user`, for their own-data download (unmasked: it
    is theirs): threads opened, posts, flags made, subscriptions, and the moderation
    decisions about their threads and posts (without who took them)."""
    threads = list(Thread.objects.filter(author=user).select_related("board").order_by("id"))
    posts = list(Post.objects.filter(author=user).order_by("id"))
    thread_decisions = decisions_about(Thread, [thread.pk for thread in threads])
    post_decisions = decisions_about(Post, [post.pk for post in posts])
    return {
        "threads": [
            {
                "id": thread.pk,
                "board": thread.board.title,
                "title": thread.title,
                "language": thread.language,
                "status": thread.status,
                "created_at": _iso(thread.created_at),
                "moderation": thread_decisions.get(thread.pk, []),
            }
            for thread in threads
        ],
        "posts": [
            {
                "id": post.pk,
                "thread_id": post.thread_id,
                "reply_to_id": post.reply_to_id,
                "body": post.body,
                "language": post.language,
                "display_name": post.display_name,
                "status": post.status,
                "reason": post.reason,
                "created_at": _iso(post.created_at),
                "edited_at": _iso(post.edited_at),
                "published_at": _iso(post.published_at),
                "moderation": post_decisions.get(post.pk, []),
            }
            for post in posts
        ],
        "flags_made": [
            {
                "post_id": flag.post_id,
                "thread_id": flag.post.thread_id,
                "reason": flag.reason,
                "note": flag.note,
                "resolved": flag.resolved,
                "created_at": _iso(flag.created_at),
            }
            for flag in Flag.objects.filter(reporter=user).select_related("post").order_by("id")
        ],
        "subscriptions": [
            {
                "thread_id": subscription.thread_id,
                "thread": subscription.thread.title,
                "created_at": _iso(subscription.created_at),
                "last_notified_at": _iso(subscription.last_notified_at),
            }
            for subscription in Subscription.objects.filter(user=user)
            .select_related("thread")
            .order_by("id")
        ],
    }
