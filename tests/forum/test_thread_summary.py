"""The reply count and opening name stored on each thread follow its posts through the
forum's services and moderators' decisions (what the board's thread list shows)."""

import pytest
from django.contrib.auth.base_user import AbstractBaseUser

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
    board: Board, moderator: AbstractBaseUser, settings: object
) -> None:
    settings.FORUM_TRUST_THRESHOLD = 0  # type: ignore[attr-defined]
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
    board: Board, moderator: AbstractBaseUser, settings: object
) -> None:
    settings.FORUM_TRUST_THRESHOLD = 5  # type: ignore[attr-defined]
    thread = thread_create(
        board=board, author=moderator, title="Moderated", body="Opening.", language="en"
    )
    newcomer = UserFactory()
    reply = post_reply(thread=thread, author=newcomer, body="A newcomer's reply.", language="en")
    assert reply.status == Status.PENDING
    assert _summary(thread)[0] == 0
    status_change(target=reply, to_status=Status.PUBLISHED, moderator=moderator)
    assert _summary(thread)[0] == 1
