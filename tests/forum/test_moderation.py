"""Flags, moderator decisions, the queue source, search entries and account deletion."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import account_delete
from dialogue.models import SearchEntry
from forum import services
from forum.models import Flag, Post, Thread
from moderation.models import ModerationDecision, Reason, Status
from moderation.queue import queue_count, queue_items, queue_sources
from moderation.reasons import reason_label
from moderation.services import status_change
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def flag(client, user, post, reason="personal-attack"):
    client.force_login(user)
    return client.post(f"/en/forum/posts/{post.pk}/flag/", {"reason": reason, "note": ""})


def test_a_second_flag_by_the_same_person_counts_once(client, participant, thread):
    post = PostFactory(thread=thread)
    assert flag(client, participant, post).status_code == 302
    response = flag(client, participant, post)
    assert response.status_code == 302
    assert Flag.objects.filter(post=post).count() == 1
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "You have already flagged this message. It counts once." in page
    assert "You flagged this message." in page


def test_enough_flags_hide_the_post_pending_review(client, thread, settings):
    settings.FORUM_FLAGS_TO_HIDE = 2
    post = PostFactory(thread=thread, body="Rude words")
    flag(client, UserFactory(), post)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    flag(client, UserFactory(), post, reason="spam")
    post.refresh_from_db()
    assert post.status == Status.HIDDEN and post.reason == Reason.FLAGS
    decision = ModerationDecision.objects.get(target_id=post.pk, to_status=Status.HIDDEN)
    assert decision.moderator is None
    client.logout()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden by a moderator: Hidden after several flags, awaiting review" in html
    assert "Rude words" not in html
    # In the queue, with the flag reasons and their counts.
    [item] = [i for i in queue_items() if i.kind == "post"]
    assert item.pk == post.pk
    assert sorted(item.flags) == sorted(
        [("Personal attack or insult", 1), ("Spam or advertising", 1)]
    )
    assert item.context_title == thread.title
    assert item.context_url == f"/en/forum/threads/{thread.pk}/#post-{post.pk}"


def test_flagging_own_or_unpublished_post_is_refused(client, participant, thread):
    own = PostFactory(thread=thread, author=participant)
    assert flag(client, participant, own).status_code == 400
    pending = PostFactory(thread=thread, status=Status.PENDING)
    assert flag(client, participant, pending).status_code == 404
    assert not Flag.objects.exists()


def test_moderator_hides_with_a_reason_and_restores(client, moderator, thread):
    post = PostFactory(thread=thread, body="Off topic words")
    reply = PostFactory(thread=thread, reply_to=post)
    client.force_login(moderator)
    url = f"/en/forum/posts/{post.pk}/moderate/"
    response = client.post(url, {"action": "hide", "reason": "", "note": ""})
    assert response.status_code == 422
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    client.post(url, {"action": "hide", "reason": "off-topic", "note": "Keep to the theme"})
    post.refresh_from_db()
    assert post.status == Status.HIDDEN and post.reason == Reason.OFF_TOPIC
    client.logout()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden by a moderator: Off topic" in html
    assert f'id="post-{reply.pk}"' in html
    client.force_login(moderator)
    client.post(url, {"action": "restore", "reason": "", "note": ""})
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    actions = list(
        ModerationDecision.objects.filter(target_id=post.pk, moderator=moderator).values_list(
            "to_status", flat=True
        )
    )
    assert sorted(actions) == ["hidden", "published"]


def test_confirming_a_flag_hide_records_the_reason_and_resolves_flags(moderator, thread, settings):
    settings.FORUM_FLAGS_TO_HIDE = 1
    post = PostFactory(thread=thread)
    services.flag_create(post=post, reporter=UserFactory(), reason=Reason.SPAM)
    post.refresh_from_db()
    assert post.status == Status.HIDDEN and queue_count() == 1
    services.post_moderate(post=post, moderator=moderator, action="hide", reason=Reason.SPAM)
    post.refresh_from_db()
    assert post.reason == Reason.SPAM
    assert not Flag.objects.filter(resolved=False).exists()
    assert queue_count() == 0


def test_opening_post_publication_publishes_the_thread_and_indexes_it(moderator, board):
    thread = ThreadFactory(board=board, status=Status.PENDING, opening="Call me at 613-555-0199")
    opening = thread.posts.get()
    assert queue_count() == 1
    status_change(target=opening, to_status=Status.PUBLISHED, moderator=moderator)
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED
    entry = SearchEntry.objects.get(kind="post", object_id=opening.pk)
    assert entry.title == thread.title
    assert entry.url == f"/en/forum/threads/{thread.pk}/#post-{opening.pk}"
    assert "613-555-0199" not in entry.body and "[phone number removed]" in entry.body
    status_change(
        target=opening, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.OFF_TOPIC
    )
    thread.refresh_from_db()
    assert thread.status == Status.HIDDEN
    assert not SearchEntry.objects.filter(kind="post", object_id=opening.pk).exists()


def test_thread_lock_pin_and_move_are_logged(client, moderator, participant, thread):
    from tests.forum.factories import BoardFactory

    other = BoardFactory()
    client.force_login(participant)
    url = f"/en/forum/threads/{thread.pk}/moderate/"
    assert client.post(url, {"action": "lock"}).status_code == 403
    client.force_login(moderator)
    for action in ["lock", "pin"]:
        client.post(url, {"action": action})
    client.post(url, {"action": "move", "board": other.pk})
    thread.refresh_from_db()
    assert thread.locked and thread.pinned and thread.board == other
    logged = set(
        ModerationDecision.objects.filter(target_id=thread.pk).values_list("action", flat=True)
    )
    assert {"thread-lock", "thread-pin", "thread-move"} <= logged
    # A forged board id is refused and changes nothing.
    client.post(url, {"action": "move", "board": 999999})
    thread.refresh_from_db()
    assert thread.board == other


def test_moderator_suspends_the_author_of_a_post(client, moderator, thread):
    author = UserFactory()
    post = PostFactory(thread=thread, author=author)
    client.force_login(moderator)
    response = client.post(
        f"/en/forum/posts/{post.pk}/suspend-author/",
        {"duration": "7", "reason": "Insults after a warning"},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.is_suspended
    assert author.suspended_until - timezone.now() > datetime.timedelta(days=6)
    assert ModerationDecision.objects.filter(action="suspend", target_id=author.pk).exists()
    client.force_login(author)
    response = client.post(
        f"/en/forum/threads/{thread.pk}/reply/", {"body": "Let me in", "language": "en"}
    )
    assert response.status_code == 403
    assert "Insults after a warning" in response.content.decode()


def test_ban_is_a_suspension_without_end(client, moderator, thread):
    post = PostFactory(thread=thread)
    client.force_login(moderator)
    client.post(
        f"/en/forum/posts/{post.pk}/suspend-author/", {"duration": "ban", "reason": "Spam robot"}
    )
    post.author.refresh_from_db()
    assert post.author.suspended_until.year > timezone.now().year + 50


def test_queue_items_load_in_constant_queries(django_assert_num_queries, board):
    def make(n):
        for _ in range(n):
            post = PostFactory(thread=ThreadFactory(board=board), status=Status.PENDING)
            Flag.objects.create(post=post, reporter=UserFactory(), reason=Reason.SPAM)

    source = queue_sources()["post"]
    make(2)
    reason_label(Reason.SPAM)  # the saved reasons: read once a process, not once a page
    # One query for the posts with their thread and author, one for the flag counts.
    with django_assert_num_queries(2):
        items = source.items(50)
    make(8)
    with django_assert_num_queries(2):
        more = source.items(50)
    assert len(more) == len(items) + 8 == 10
    assert [i.waiting_since for i in more] == sorted(i.waiting_since for i in more)


def test_account_deletion_keeps_published_posts_anonymised(thread):
    user = UserFactory(display_name="Leaving Lee")
    published = PostFactory(thread=thread, author=user, display_name="Leaving Lee")
    pending = PostFactory(thread=thread, author=user, status=Status.PENDING)
    own_pending_thread = ThreadFactory(board=thread.board, author=user, status=Status.PENDING)
    account_delete(user=user)
    published.refresh_from_db()
    assert published.author is None and published.display_name == ""
    assert not Post.objects.filter(pk=pending.pk).exists()
    assert not Thread.objects.filter(pk=own_pending_thread.pk).exists()


def test_moderator_decision_notifies_the_author(
    moderator, board, django_capture_on_commit_callbacks, eager_celery
):
    thread = ThreadFactory(board=board, status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        status_change(target=thread.posts.get(), to_status=Status.PUBLISHED, moderator=moderator)
    assert [m.to for m in mail.outbox] == [[thread.author.email]]


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (Status.PENDING, ["publish", "hide", "reject"]),
        (Status.PUBLISHED, ["hide", "reject"]),
        (Status.HIDDEN, ["restore", "hide", "reject"]),
        (Status.REJECTED, ["restore"]),
    ],
)
def test_moderation_form_offers_only_decisions_valid_from_the_status(
    client, moderator, thread, status, offered
):
    opening = PostFactory(thread=thread, body="The opening words")
    post = PostFactory(
        thread=thread, reply_to=opening, status=status, display_name="Robin", body="Reply words"
    )
    client.force_login(moderator)
    html = client.get(f"/en/forum/posts/{post.pk}/moderate/").content.decode()
    values = re.findall(r'name="action" value="([a-z]+)"', html)
    assert values == offered
    # Who wrote it and what it answers, on the form itself.
    assert "Robin" in html and post.author.email in html
    assert thread.title in html and "The opening words" in html
