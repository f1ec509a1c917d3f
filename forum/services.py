"""Writes of the forum: posting, editing, flagging, moderating and subscriptions.

Every status change goes through `moderation.services`; the forum only reacts to
changes (search entries, thread status, notifications) in `post_status_changed`.
"""

import datetime
import unicodedata
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, IntegerField, Model, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.ratelimit import Rate, RateLimited, rate_limit_check, user_key
from config.generation import content_changed
from config.queueing import task_enqueue_on_commit
from dialogue.markdown import render_user_text
from dialogue.search import search_entry_remove, search_entry_upsert
from moderation.models import ModerationDecision, Reason, Status
from moderation.pii import pii_found, pii_mask, pii_plain, pii_render
from moderation.reasons import reason_offered
from moderation.services import (
    author_status_change,
    decision_record,
    status_change,
    user_suspend,
)

from . import selectors
from .models import Board, Flag, Post, Subscription, Thread

SEARCH_KIND = "post"
UNSUBSCRIBE_SALT = "forum.unsubscribe"
# A ban is a suspension that does not end in any foreseeable future.
BAN_DAYS = 365 * 100


class PostRefused(Exception):
    """A post that is not accepted; the message tells the person why, `status` is the HTTP code."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class HoneypotFilled(Exception):
    """A robot filled the field people cannot see: refused without saying so."""


# ---------------------------------------------------------------- posting rules


def _check_rate(user: User) -> None:
    """Count this post against FORUM_POST_RATE; moderators are not limited."""
    if user.is_moderator:
        return
    rate = Rate.parse(settings.FORUM_POST_RATE)
    try:
        rate_limit_check(
            action="forum-post",
            key=user_key(user),
            rate=rate,
            message=_(
                "You are posting too quickly. Please wait a few minutes before you post again "
                "(at most %(count)s posts in %(minutes)s minutes)."
            )
            % {"count": rate.limit, "minutes": max(rate.seconds // 60, 1)},
        )
    except RateLimited as error:
        raise PostRefused(error.message, status=429) from None


def _normalise(body: str | None) -> str:
    return "\n".join(
        line.rstrip() for line in (body or "").replace("\r\n", "\n").split("\n")
    ).strip()


def _check_duplicate(user: User, body: str) -> None:
    since = timezone.now() - datetime.timedelta(hours=settings.FORUM_DUPLICATE_HOURS)
    if Post.objects.filter(author=user, body=body, created_at__gte=since).exists():
        raise ValidationError(
            _("You already posted this same message recently. Repeated posts are not accepted."),
            code="duplicate",
        )


def posting_check(*, user: User, board: Board, thread: Thread | None = None) -> None:
    consultation = board.consultation
    if not selectors.board_is_public(board):
        raise PostRefused(_("This board is not open yet."), status=404)
    if not consultation.is_open:
        raise PostRefused(
            _("The consultation is closed: the forum stays open for reading, not for new posts.")
        )
    if user.is_suspended:
        raise PostRefused(_("Your account is suspended: you can read the forum but not post."))
    if thread is not None and thread.locked:
        raise PostRefused(_("This thread is locked: it no longer accepts replies."))
    if thread is not None and thread.status not in selectors.PUBLIC_THREAD_STATUSES:
        raise PostRefused(_("This thread is not open for replies yet."), status=404)


def title_check(title: str) -> None:
    """A thread title is one line: it becomes an e-mail subject and a feed entry's title."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in title):
        raise ValidationError(
            _(
                "The title must fit on one line: remove line breaks, tabs and other "
                "control characters."
            ),
            code="title_one_line",
        )


def _initial_status(user: User) -> str:
    if user.is_moderator:
        return Status.PUBLISHED
    trusted = selectors.published_post_count(user) >= settings.FORUM_TRUST_THRESHOLD
    return Status.PUBLISHED if trusted else Status.PENDING


def post_preview(body: str, language: str | None = None) -> str:
    """The HTML a body will be published as (masked as readers will see it), for the
    preview button."""
    return pii_render(_normalise(body), language)


def _post_build(
    *,
    thread: Thread,
    author: User,
    body: str,
    language: str,
    reply_to: Post | None = None,
    is_opening: bool = False,
    display_name: str | None = None,
) -> Post:
    body = _normalise(body)
    status = _initial_status(author)
    now = timezone.now()
    return Post(
        thread=thread,
        author=author,
        reply_to=reply_to,
        body=body,
        body_html=render_user_text(body),
        language=language,
        # The name the author chose on the form; without a form, their profile's.
        display_name=(author.display_name if display_name is None else display_name).strip()[:60],
        status=status,
        is_opening=is_opening,
        pii_detected=pii_found(body),
        published_at=now if status == Status.PUBLISHED else None,
    )


def _after_submit(post: Post) -> None:
    """Log the author's submission and, when it is published at once, do what publishing does."""
    author_status_change(target=post, to_status=post.status, author=post.author)
    if post.status == Status.PUBLISHED:
        _post_published(post, first_time=True)
    thread_summary_refresh(post.thread_id)


# One pass over the posts, grouped by thread, instead of a count per thread.
SUMMARIES_FILL_SQL = """
    UPDATE forum_thread AS t
    SET reply_count = s.replies, opening_display_name = COALESCE(s.opening_name, '')
    FROM (
        SELECT thread_id,
               count(*) FILTER (WHERE status = 'published' AND NOT is_opening) AS replies,
               max(display_name) FILTER (WHERE is_opening) AS opening_name
        FROM forum_post WHERE thread_id >= %s GROUP BY thread_id
    ) AS s
    WHERE t.id = s.thread_id
"""


def thread_summaries_fill(*, first_thread_id: int = 0) -> int:
    """Recount every thread from `first_thread_id` on: for posts written in bulk (data
    generators, imports) rather than through the services. Threads without posts keep
    their zero count."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(SUMMARIES_FILL_SQL, [first_thread_id])
            return int(cursor.rowcount)
    filled = 0
    for thread_id in Thread.objects.filter(pk__gte=first_thread_id).values_list("pk", flat=True):
        thread_summary_refresh(thread_id)
        filled += 1
    return filled


@transaction.atomic(savepoint=False)
def thread_summary_refresh(thread_id: int) -> None:
    """Recount the thread's published replies and copy its opening post's name onto it.

    Called in the transaction that changes one of its posts (a new post, a status
    change, an account deletion). The thread row is locked first, so that the count,
    read after the lock is granted, includes a post another transaction just committed.
    """
    Thread.objects.select_for_update().filter(pk=thread_id).values_list("pk").first()
    replies = (
        Post.objects.filter(thread=OuterRef("pk"), status=Status.PUBLISHED, is_opening=False)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    opening = Post.objects.filter(thread=OuterRef("pk"), is_opening=True).values("display_name")
    Thread.objects.filter(pk=thread_id).update(
        reply_count=Coalesce(Subquery(replies, output_field=IntegerField()), Value(0)),
        opening_display_name=Coalesce(Subquery(opening[:1]), Value("")),
    )


@transaction.atomic
def thread_create(
    *,
    board: Board,
    author: User,
    title: str,
    body: str,
    language: str,
    honeypot: str = "",
    display_name: str | None = None,
    submission_key: str = "",
) -> Thread:
    """Open a thread with its opening post; the author is subscribed to it.

    `submission_key` is the random token of the form the author sent: the same form
    sent twice (a double click, a resent request) returns the thread the first one
    made. The author's row is locked for the transaction, so two of their threads
    are never created side by side: the second sees the first (same key, or same
    text refused as a duplicate). Refuses (PostRefused, ValidationError or
    HoneypotFilled) before writing anything.
    """
    if honeypot:
        raise HoneypotFilled
    User.objects.select_for_update().filter(pk=author.pk).exists()
    if submission_key:
        existing = Thread.objects.filter(author=author, submission_key=submission_key).first()
        if existing is not None:
            return existing
    posting_check(user=author, board=board)
    title = title.strip()
    try:
        title_check(title)
    except ValidationError as error:
        raise ValidationError({"title": error.error_list}) from None
    _check_rate(author)
    body = _normalise(body)
    _check_duplicate(author, body)
    now = timezone.now()
    thread = Thread.objects.create(
        board=board,
        title=title,
        author=author,
        language=language,
        status=_initial_status(author),
        last_activity_at=now,
        submission_key=submission_key,
    )
    post = _post_build(
        thread=thread,
        author=author,
        body=body,
        language=language,
        is_opening=True,
        display_name=display_name,
    )
    post.save()
    Subscription.objects.get_or_create(thread=thread, user=author)
    _after_submit(post)
    return thread


@transaction.atomic
def post_reply(
    *,
    thread: Thread,
    author: User,
    body: str,
    language: str,
    reply_to: Post | None = None,
    honeypot: str = "",
    display_name: str | None = None,
) -> Post:
    """Add a reply to `thread`, quoting `reply_to` (a post of the same thread) if given."""
    if honeypot:
        raise HoneypotFilled
    # Lock the thread so a reply cannot slip in while a moderator locks it.
    thread = (
        Thread.objects.select_for_update().select_related("board__consultation").get(pk=thread.pk)
    )
    posting_check(user=author, board=thread.board, thread=thread)
    if reply_to is not None and (
        reply_to.thread_id != thread.pk or reply_to.status not in selectors.PUBLIC_POST_STATUSES
    ):
        raise PostRefused(_("The message you reply to is not in this thread."), status=404)
    _check_rate(author)
    body = _normalise(body)
    _check_duplicate(author, body)
    post = _post_build(
        thread=thread,
        author=author,
        body=body,
        language=language,
        reply_to=reply_to,
        display_name=display_name,
    )
    post.save()
    _after_submit(post)
    return post


def post_edit_check(post: Post, user: "User | AnonymousUser") -> None:
    """Refuse (PostRefused) unless `user` may edit `post` now: their own message, still
    pending or published, within FORUM_EDIT_WINDOW_MINUTES."""
    if not user.is_authenticated or post.author_id != user.pk:
        raise PostRefused(_("You can only edit your own messages."))
    if not post_can_edit(post, user):
        raise PostRefused(_("This message can no longer be edited."))


def post_remove_check(post: Post, user: "User | AnonymousUser") -> None:
    """Refuse (PostRefused) unless `user` may remove `post`: their own, not yet removed."""
    if not user.is_authenticated or post.author_id != user.pk or post.removed_by_author:
        raise PostRefused(_("You can only remove your own messages."))


def post_can_edit(post: Post, user: "User | AnonymousUser") -> bool:
    if not user.is_authenticated or post.author_id != user.pk:
        return False
    if post.status not in (Status.PENDING, Status.PUBLISHED):
        return False
    window = datetime.timedelta(minutes=settings.FORUM_EDIT_WINDOW_MINUTES)
    return timezone.now() <= post.created_at + window


@transaction.atomic
def post_edit(*, post: Post, author: User, body: str) -> Post:
    """Change the text of one's own post within the edit window; it shows as edited."""
    post = (
        Post.objects.select_for_update()
        .select_related("thread__board__consultation")
        .get(pk=post.pk)
    )
    post_edit_check(post, author)
    posting_check(user=author, board=post.thread.board)
    body = _normalise(body)
    if body == post.body:
        return post
    post.body = body
    post.body_html = render_user_text(body)
    post.pii_detected = pii_found(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "pii_detected", "edited_at"])
    decision_record(
        moderator=None,
        target=post,
        action="author-edit",
        from_status=post.status,
        to_status=post.status,
    )
    if post.status == Status.PUBLISHED:
        _search_upsert(post)
    return post


@transaction.atomic
def post_remove_by_author(*, post: Post, author: User) -> Post:
    """The author takes back their post: a stub stays so the replies keep their context."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    post_remove_check(post, author)
    from_status = post.status
    author_status_change(target=post, to_status=Status.WITHDRAWN, author=author)
    post.removed_by_author = True
    post.save(update_fields=["status", "removed_by_author"])
    post_status_changed(post, from_status, Status.WITHDRAWN)
    return post


# ---------------------------------------------------------------- flags


@transaction.atomic
def flag_create(*, post: Post, reporter: User, reason: str, note: str = "") -> Flag | None:
    """Flag a published post; returns the flag, or None when this person already flagged it.

    When the post's unresolved flags reach FORUM_FLAGS_TO_HIDE it is hidden, pending a
    moderator's review. The post row is locked so that simultaneous flags count once each.
    """
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Status.PUBLISHED:
        raise PostRefused(_("Only published messages can be flagged."), status=400)
    if post.author_id == reporter.pk:
        raise PostRefused(_("You cannot flag your own message."), status=400)
    if not reason_offered(reason) or reason == Reason.FLAGS:
        raise ValidationError(_("Choose the netiquette rule this breaks."))
    try:
        with transaction.atomic():
            flag, created = Flag.objects.get_or_create(
                post=post, reporter=reporter, defaults={"reason": reason, "note": note[:500]}
            )
    except IntegrityError:
        return None
    if not created:
        return None
    open_flags = Flag.objects.filter(post=post, resolved=False).count()
    if open_flags >= settings.FORUM_FLAGS_TO_HIDE:
        status_change(
            target=post,
            to_status=Status.HIDDEN,
            moderator=None,
            reason=Reason.FLAGS,
            note=_("Hidden automatically after %(count)s flags.") % {"count": open_flags},
            notify=False,
        )
    return flag


# ---------------------------------------------------------------- moderators


@transaction.atomic
def post_moderate(
    *, post: Post, moderator: User, action: str, reason: str = "", note: str = ""
) -> ModerationDecision:
    """A moderator publishes, hides (with a reason) or restores a post.

    Hiding a post that flags already hid confirms it with the moderator's own reason.
    """
    if not moderator.is_moderator:
        raise PermissionDenied
    post = Post.objects.select_for_update().get(pk=post.pk)
    if action == "hide" and post.status == Status.HIDDEN:
        if not reason_offered(reason):
            raise ValidationError(_("Choose the netiquette rule this breaks."))
        post.reason, post.moderator_note = reason, note
        post.save(update_fields=["reason", "moderator_note"])
        Flag.objects.filter(post=post, resolved=False).update(resolved=True)
        return decision_record(
            moderator=moderator,
            target=post,
            action=Status.HIDDEN,
            from_status=Status.HIDDEN,
            to_status=Status.HIDDEN,
            reason=reason,
            note=note,
        )
    to_status = {
        "hide": Status.HIDDEN,
        "publish": Status.PUBLISHED,
        "restore": Status.PUBLISHED,
        "reject": Status.REJECTED,
    }.get(action)
    if to_status is None:
        raise ValidationError(_("Choose what to do with this message."))
    return status_change(
        target=post, to_status=to_status, moderator=moderator, reason=reason, note=note
    )


# What a moderator may do from each status: the transitions of
# moderation.services.MODERATOR_TRANSITIONS, named for a post; hiding a hidden post
# confirms a flag's hide with the moderator's own reason.
POST_MODERATION_ACTIONS: dict[str, tuple[str, ...]] = {
    Status.PENDING: ("publish", "hide", "reject"),
    Status.PUBLISHED: ("hide", "reject"),
    Status.HIDDEN: ("restore", "hide", "reject"),
    Status.REJECTED: ("restore",),
}


def post_moderation_actions(status: str) -> tuple[str, ...]:
    """The decisions valid from a post's current status, in the order the form offers them."""
    return POST_MODERATION_ACTIONS.get(status, ())


THREAD_ACTIONS: dict[str, tuple[str, bool]] = {
    "lock": ("locked", True),
    "unlock": ("locked", False),
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
}


@transaction.atomic
def thread_moderate(
    *,
    thread: Thread,
    moderator: User,
    action: str,
    board: Board | None = None,
    note: str = "",
) -> Thread:
    """Lock, unlock, pin, unpin or move a thread; each is logged as a decision."""
    if not moderator.is_moderator:
        raise PermissionDenied
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if action == "move":
        if (
            board is None
            or board.consultation_id != Board.objects.get(pk=thread.board_id).consultation_id
        ):
            raise ValidationError(_("Choose a board of this consultation."))
        note = f"{thread.board_id} → {board.pk} {note}".strip()
        thread.board = board
        thread.save(update_fields=["board"])
    elif action in THREAD_ACTIONS:
        field, value = THREAD_ACTIONS[action]
        setattr(thread, field, value)
        thread.save(update_fields=[field])
    else:
        raise ValidationError(_("Choose what to do with this thread."))
    decision_record(moderator=moderator, target=thread, action=f"thread-{action}", note=note)
    return thread


def participant_suspend(*, post: Post, moderator: User, days: int | None, reason: str) -> User:
    """Suspend the author of `post` for `days` days, or ban them when `days` is None."""
    if not moderator.is_moderator:
        raise PermissionDenied
    author = post.author
    if author is None:
        raise ValidationError(_("This message has no account behind it any more."))
    if author.is_moderator:
        raise PermissionDenied
    until = timezone.now() + datetime.timedelta(days=days if days else BAN_DAYS)
    # `user_suspend` suspends and returns the very account it is given.
    user_suspend(user=author, until=until, reason=reason, moderator=moderator)
    return author


# ---------------------------------------------------------------- subscriptions


def subscription_set(*, thread: Thread, user: User, subscribed: bool) -> None:
    if subscribed:
        Subscription.objects.get_or_create(thread=thread, user=user)
    else:
        Subscription.objects.filter(thread=thread, user=user).delete()


class UnsubscribeLinkExpired(Exception):
    """A genuine unsubscribe link older than FORUM_UNSUBSCRIBE_MAX_AGE_DAYS."""


def subscription_cancel(subscription: Subscription) -> None:
    """End a subscription found through an unsubscribe link (no sign-in needed)."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def unsubscribe_token(subscription: Subscription) -> str:
    """A signed, timestamped token for the link in notification e-mails."""
    return signing.dumps(
        {"t": subscription.thread_id, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT
    )


def subscription_from_token(token: str) -> Subscription | None:
    """The subscription a signed link points to, or None (bad token or already gone).

    Raises UnsubscribeLinkExpired for a genuine link past its age: a leaked or
    forwarded e-mail must not work forever, and the reader is told to sign in.
    """
    max_age = datetime.timedelta(days=settings.FORUM_UNSUBSCRIBE_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise UnsubscribeLinkExpired from error
    except signing.BadSignature:
        return None
    return (
        Subscription.objects.select_related("thread")
        .filter(thread_id=data.get("t"), user_id=data.get("u"))
        .first()
    )


# ---------------------------------------------------------------- reacting to status changes


def _post_url(post: Post) -> str:
    return f"{reverse('forum:thread', kwargs={'pk': post.thread_id})}#post-{post.pk}"


def _search_upsert(post: Post) -> None:
    thread = Thread.objects.select_related("board").get(pk=post.thread_id)
    with translation.override(post.language if post.language in ("en", "fr") else "en"):
        url = _post_url(post)
    search_entry_upsert(
        consultation_id=thread.board.consultation_id,
        kind=SEARCH_KIND,
        object_id=post.pk,
        language=post.language if post.language in ("en", "fr") else "en",
        title=pii_mask(thread.title, thread.language),
        body=pii_plain(post.body, post.language),
        url=url,
    )


def _post_published(post: Post, *, first_time: bool) -> None:
    _search_upsert(post)
    if first_time:
        Thread.objects.filter(pk=post.thread_id, last_activity_at__lt=post.published_at).update(
            last_activity_at=post.published_at
        )
        if not post.is_opening:
            from .tasks import thread_notify

            # A broker outage must not fail the reply: the periodic flush catches up.
            task_enqueue_on_commit(thread_notify, post.thread_id)


def posts_status_changed(
    targets: Sequence[Model], from_statuses: Mapping[int, str], to_status: str
) -> None:
    """The moderation hook: `post_status_changed` for each post of a decision."""
    for target in targets:
        if isinstance(target, Post):
            post_status_changed(target, from_statuses[target.pk], to_status)


def post_status_changed(target: Model, from_status: str, to_status: str) -> None:
    """Keep search, the thread's status, activity and flags in step with a post's status."""
    if not isinstance(target, Post):
        return
    if to_status == Status.PUBLISHED:
        _post_published(target, first_time=from_status == Status.PENDING)
    else:
        search_entry_remove(kind=SEARCH_KIND, object_id=target.pk)
    if target.is_opening:
        Thread.objects.filter(pk=target.thread_id).update(status=to_status)
    thread_summary_refresh(target.thread_id)
    hidden_by_flags = to_status == Status.HIDDEN and target.reason == Reason.FLAGS
    if not hidden_by_flags and to_status != Status.WITHDRAWN:
        # A moderator decided: the flags that brought the post to the queue are settled.
        Flag.objects.filter(post_id=target.pk, resolved=False).update(resolved=True)


def forum_account_delete(user: User) -> None:
    """Delete what the person wrote that is not public; anonymise what is.

    An unpublished opening post whose thread has other people's replies is emptied
    rather than deleted, so their replies are not lost with it.
    """
    thread_ids = set(Post.objects.filter(author=user).values_list("thread_id", flat=True))
    unpublished = Post.objects.filter(author=user).exclude(status=Status.PUBLISHED)
    for thread in Thread.objects.filter(posts__in=unpublished.filter(is_opening=True)):
        if thread.posts.exclude(author=user).exists():
            Post.objects.filter(thread=thread, is_opening=True).update(
                body="", body_html="", display_name="", author=None
            )
        else:
            for post_id in thread.posts.values_list("pk", flat=True):
                search_entry_remove(kind=SEARCH_KIND, object_id=post_id)
            thread.delete()
    for post_id in unpublished.values_list("pk", flat=True):
        search_entry_remove(kind=SEARCH_KIND, object_id=post_id)
    unpublished.delete()
    Post.objects.filter(author=user).update(display_name="")
    for thread_id in Thread.objects.filter(pk__in=thread_ids).values_list("pk", flat=True):
        thread_summary_refresh(thread_id)
    content_changed()
