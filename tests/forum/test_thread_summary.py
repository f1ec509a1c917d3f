"""The reply count and opening name stored on each thread follow its posts through the
forum's services and moderators' decisions (what the board's thread list shows)."""

import pytest
from pytest_django.fixtures import Settings

from accounts.models import User
from accounts.services import account_delete
from forum.models import Board, Thread
from forum.services import post_remove_by_author, post_reply, thread_create
from moderation.models import Reason, Status
from moderation.services import status_change
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _summary(thread: Thread) -> tuple[int, str]:
    thread.refresh_from_db()
    return thread.reply_count, thread.opening_display_name


def test_summary_follows_replies_decisions_removals_and_deletions(
    board: Board, moderator: User, settings: Settings
) -> None:
    settings.FORUM_TRUST_THRESHOLD = 0
    opener = UserFactory(display_name="Opening Olive")
    thread = thread_create(
        board=board, author=opener, title="A fair question", body="Let us talk.", language="en"
    )
    assert _summary(thread) == (0, "Opening Olive")

    replier = UserFactory(display_name="Replying Ray")
    first = post_reply(thread=thread, author=replier, body="First reply.", language="en")
    post_reply(thread=thread, author=moderator, body="Second reply.", language="en")
    assert _summary(thread) == (2, "Opening Olive")

    status_change(target=first, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.SPAM)
    assert _summary(thread) == (1, "Opening Olive")
    status_change(target=first, to_status=Status.PUBLISHED, moderator=moderator)
    assert _summary(thread) == (2, "Opening Olive")

    post_remove_by_author(post=first, author=replier)
    assert _summary(thread) == (1, "Opening Olive")

    account_delete(user=opener)
    assert _summary(thread) == (1, "")


def test_pending_replies_are_not_counted_until_published(
    board: Board, moderator: User, settings: Settings
) -> None:
    settings.FORUM_TRUST_THRESHOLD = 5
    thread = thread_create(
        board=board, author=moderator, title="Moderated", body="Opening.", language="en"
    )
    newcomer = UserFactory()
    reply = post_reply(thread=thread, author=newcomer, body="A newcomer's reply.", language="en")
    assert reply.status == Status.PENDING
    assert _summary(thread)[0] == 0
    status_change(target=reply, to_status=Status.PUBLISHED, moderator=moderator)
    assert _summary(thread)[0] == 1


def test_threads_written_in_bulk_are_recounted_in_one_pass(board: Board) -> None:
    from django.utils import timezone

    from forum.models import Post
    from forum.services import thread_summaries_fill

    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(
            board=board, title=f"Bulk {n}", language="en", status="published", last_activity_at=now
        )
        for n in range(3)
    )
    Post.objects.bulk_create(
        Post(
            thread=thread,
            body="x",
            language="en",
            display_name=f"Name {i}" if i == 0 else "",
            status="published" if i != 2 else "pending",
            is_opening=i == 0,
            published_at=now,
        )
        for thread in threads[:2]
        for i in range(4)
    )
    assert thread_summaries_fill(first_thread_id=threads[0].pk) >= 2
    assert [_summary(thread) for thread in threads] == [(2, "Name 0"), (2, "Name 0"), (0, "")]
