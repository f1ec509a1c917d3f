"""Writing in the forum: pre-moderation, preview, editing, removal and every refusal."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import ConsultationState
from forum.models import Post, Subscription, Thread
from moderation.models import ModerationDecision, Status
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory

pytestmark = pytest.mark.django_db


def new_thread_url(board, language="en"):
    with translation.override(language):
        return reverse("forum:new_thread", kwargs={"slug": board.slug})


def test_new_participant_thread_is_pending_and_the_author_is_subscribed(client, participant, board):
    client.force_login(participant)
    response = client.post(
        new_thread_url(board),
        {
            "title": "Foreign aid and trade",
            "body": "Aid *and* trade go together.",
            "language": "en",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/forum/threads/{thread.pk}/"
    assert thread.status == Status.PENDING
    post = thread.posts.get()
    assert post.is_opening and post.status == Status.PENDING
    assert post.body_html == "<p>Aid <em>and</em> trade go together.</p>\n"
    assert Subscription.objects.filter(thread=thread, user=participant).exists()
    assert ModerationDecision.objects.filter(action="author-pending", target_id=post.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "pending review" in page.lower()
    # The "thank you, pending review" notice sits in the opening message.
    opening = page[page.index(f'id="post-{post.pk}"') :]
    assert "is pending review" in opening[: opening.index("</article>")]
    # Nobody else sees a pending thread.
    client.logout()
    assert client.get(response["Location"]).status_code == 404
    assert "Foreign aid" not in client.get(board.get_absolute_url()).content.decode()


def test_trusted_participant_publishes_at_once(client, trusted, thread, reply_data):
    client.force_login(trusted)
    response = client.post(f"/en/forum/threads/{thread.pk}/reply/", reply_data)
    post = Post.objects.get(thread=thread, author=trusted)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
    assert post.status == Status.PUBLISHED and post.published_at is not None
    thread.refresh_from_db()
    assert thread.last_activity_at >= post.published_at
    client.logout()
    assert "peacekeeping" in client.get(thread.get_absolute_url()).content.decode()


def test_french_forms_use_french_path_words(client, participant, board, thread, reply_data):
    client.force_login(participant)
    url = new_thread_url(board, "fr")
    assert url.startswith(f"/fr/forum/{board.slug_fr}/")
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    with translation.override("fr"):
        reply_url = reverse("forum:reply", kwargs={"pk": thread.pk})
        thread_url = thread.get_absolute_url()
    response = client.post(reply_url, reply_data)
    assert response.status_code == 302
    assert response["Location"].startswith(thread_url)


def test_preview_renders_without_saving(client, participant, thread):
    client.force_login(participant)
    response = client.post(
        f"/en/forum/threads/{thread.pk}/reply/",
        {"body": "A [link](https://example.org) and *emphasis*", "language": "en", "preview": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'rel="nofollow ugc noopener"' in html
    assert "<em>emphasis</em>" in html
    assert Post.objects.filter(author=participant).count() == 0


def test_empty_and_too_long_messages_are_refused_with_field_errors(client, participant, thread):
    client.force_login(participant)
    for body in ["", "x" * 5001]:
        response = client.post(
            f"/en/forum/threads/{thread.pk}/reply/", {"body": body, "language": "en"}
        )
        html = response.content.decode()
        assert response.status_code == 422
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="id_body_helptext id_body_error"' in html
    assert not Post.objects.filter(author=participant).exists()


def test_reply_to_a_locked_thread_is_refused(client, trusted, thread, reply_data):
    thread.locked = True
    thread.save()
    client.force_login(trusted)
    response = client.post(f"/en/forum/threads/{thread.pk}/reply/", reply_data)
    assert response.status_code == 403
    assert "This thread is locked" in response.content.decode()
    assert not Post.objects.filter(author=trusted, thread=thread).exists()


def test_suspended_participant_is_told_why_and_until_when(client, thread, reply_data):
    user = UserFactory(
        suspended_until=timezone.now() + datetime.timedelta(days=3),
        suspension_reason="Repeated insults",
    )
    client.force_login(user)
    response = client.post(f"/en/forum/threads/{thread.pk}/reply/", reply_data)
    assert response.status_code == 403
    assert "Repeated insults" in response.content.decode()
    assert not Post.objects.filter(author=user).exists()
    # Reading still works.
    assert client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", [ConsultationState.CLOSED, ConsultationState.REPORTED])
def test_closed_consultation_refuses_new_threads_and_replies(
    client, trusted, board, thread, reply_data, state
):
    board.consultation.state = state
    board.consultation.save()
    client.force_login(trusted)
    posts, threads = Post.objects.count(), Thread.objects.count()
    response = client.post(f"/en/forum/threads/{thread.pk}/reply/", reply_data)
    assert response.status_code == 403
    assert "The consultation is closed" in response.content.decode()
    response = client.post(new_thread_url(board), {"title": "A new one", **reply_data})
    assert response.status_code == 403
    assert (Post.objects.count(), Thread.objects.count()) == (posts, threads)


def test_posting_too_fast_is_refused_with_429(client, trusted, thread, settings):
    settings.FORUM_POST_RATE = "2/600"
    client.force_login(trusted)
    url = f"/en/forum/threads/{thread.pk}/reply/"
    for n in range(2):
        assert client.post(url, {"body": f"Reply {n}", "language": "en"}).status_code == 302
    response = client.post(url, {"body": "Reply 3", "language": "en"})
    assert response.status_code == 429
    assert "You are posting too quickly" in response.content.decode()
    assert Post.objects.filter(author=trusted, thread=thread).count() == 2


def test_duplicate_message_is_refused(client, trusted, thread):
    client.force_login(trusted)
    url = f"/en/forum/threads/{thread.pk}/reply/"
    assert client.post(url, {"body": "Same words", "language": "en"}).status_code == 302
    response = client.post(url, {"body": "Same words  ", "language": "en"})
    assert response.status_code == 422
    assert "You already posted this same message recently" in response.content.decode()
    assert Post.objects.filter(author=trusted, thread=thread).count() == 1


def test_honeypot_refuses_quietly(client, trusted, thread):
    client.force_login(trusted)
    response = client.post(
        f"/en/forum/threads/{thread.pk}/reply/",
        {"body": "Buy now", "language": "en", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert not Post.objects.filter(author=trusted, thread=thread).exists()


def test_forged_ids_get_404_and_change_nothing(client, trusted, thread, reply_data):
    other = PostFactory()  # a post of another thread
    client.force_login(trusted)
    before = Post.objects.count()
    assert client.post("/en/forum/threads/999999/reply/", reply_data).status_code == 404
    assert (
        client.post("/en/forum/no-such-board/new/", {"title": "x" * 10, **reply_data}).status_code
        == 404
    )
    response = client.post(
        f"/en/forum/threads/{thread.pk}/reply/", {**reply_data, "reply_to": other.pk}
    )
    assert response.status_code == 404
    assert client.post("/en/forum/posts/999999/flag/", {"reason": "spam"}).status_code == 404
    assert Post.objects.count() == before


def test_reply_quotes_the_message_it_answers(client, trusted, thread):
    quoted = PostFactory(thread=thread, body="Quoted words here", display_name="Ana")
    client.force_login(trusted)
    client.post(
        f"/en/forum/threads/{thread.pk}/reply/",
        {"body": "I agree", "language": "en", "reply_to": quoted.pk},
    )
    reply = Post.objects.get(author=trusted, thread=thread)
    assert reply.reply_to == quoted
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "In reply to Ana:" in html
    assert '<blockquote lang="en">Quoted words here</blockquote>' in html


def test_edit_within_the_window_shows_edited(client, trusted, thread):
    post = PostFactory(thread=thread, author=trusted, body="First version")
    client.force_login(trusted)
    response = client.post(f"/en/forum/posts/{post.pk}/edit/", {"body": "Second version"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Second version" and post.edited_at is not None
    assert "edited" in client.get(thread.get_absolute_url()).content.decode()


def test_edit_after_the_window_or_by_someone_else_is_refused(client, trusted, participant, thread):
    post = PostFactory(thread=thread, author=trusted, body="Old words")
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(trusted)
    response = client.post(f"/en/forum/posts/{post.pk}/edit/", {"body": "New words"})
    assert response.status_code == 403
    assert "can no longer be edited" in response.content.decode()
    fresh = PostFactory(thread=thread, author=trusted)
    client.force_login(participant)
    assert client.post(f"/en/forum/posts/{fresh.pk}/edit/", {"body": "Hijack"}).status_code == 403
    post.refresh_from_db()
    fresh.refresh_from_db()
    assert post.body == "Old words" and fresh.body != "Hijack"


def test_author_removes_a_post_and_a_stub_stays(client, trusted, thread):
    post = PostFactory(thread=thread, author=trusted, body="Words I regret")
    reply = PostFactory(thread=thread, reply_to=post, body="A reply to it")
    client.force_login(trusted)
    response = client.post(f"/en/forum/posts/{post.pk}/delete/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.WITHDRAWN and post.removed_by_author
    client.logout()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Removed by its author" in html
    assert "Words I regret" not in html
    assert f'id="post-{reply.pk}"' in html
    assert "In reply to a message that is no longer shown" in html


def test_someone_else_cannot_remove_a_post(client, participant, thread):
    post = PostFactory(thread=thread)
    client.force_login(participant)
    assert client.post(f"/en/forum/posts/{post.pk}/delete/").status_code == 403
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_anonymous_reader_is_sent_to_sign_in(client, thread, board):
    response = client.get(new_thread_url(board))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Sign in to reply" in client.get(thread.get_absolute_url()).content.decode()


def test_pending_review_notice_is_shown_in_the_new_post(client, participant, thread, reply_data):
    """The redirect lands on "#post-<id>": the notice is there, not a page above."""
    client.force_login(participant)
    response = client.post(f"/en/forum/threads/{thread.pk}/reply/", reply_data)
    post = Post.objects.filter(thread=thread).latest("id")
    assert post.status == Status.PENDING
    assert response["Location"].endswith(f"#post-{post.pk}")
    page = client.get(response["Location"]).content.decode()
    article = page[page.index(f'id="post-{post.pk}"') :]
    article = article[: article.index("</article>")]
    assert "pending review" in article.lower()
    top = page[page.index('<main id="main"') : page.index(f'id="post-{post.pk}"')]
    assert "is pending review" not in top


def test_the_answer_display_name_is_offered_for_the_forum(client, thread):
    from tests.questions.factories import QuestionFactory

    author = UserFactory(display_name="")
    question = QuestionFactory(chapter__consultation=thread.board.consultation)
    from questions.models import Answer

    Answer.objects.create(
        question=question, author=author, body="My view.", language="en", display_name="Robin B."
    )
    client.force_login(author)
    form = client.get(f"/en/forum/threads/{thread.pk}/reply/").content.decode()
    assert 'name="display_name"' in form and 'value="Robin B."' in form
    client.post(
        f"/en/forum/threads/{thread.pk}/reply/",
        {"body": "Agreed on peacekeeping.", "language": "en", "display_name": "Robin B."},
    )
    assert Post.objects.filter(thread=thread).latest("id").display_name == "Robin B."
    # Clearing the field posts as Anonymous, by choice.
    client.post(
        f"/en/forum/threads/{thread.pk}/reply/",
        {"body": "Another thought on aid.", "language": "en", "display_name": ""},
    )
    assert Post.objects.filter(thread=thread).latest("id").display_name == ""


def _thread_form(client, board):
    """The new-thread form as the browser gets it, with its submission key."""
    form = client.get(new_thread_url(board)).context["form"]
    return {
        "title": "Peacekeeping, again",
        "body": "One thread, however often it is sent.",
        "language": "en",
        "submission_key": form.initial["submission_key"],
    }


def test_the_same_new_thread_form_sent_twice_opens_one_thread(client, trusted, board):
    client.force_login(trusted)
    data = _thread_form(client, board)
    first = client.post(new_thread_url(board), data)
    second = client.post(new_thread_url(board), data)
    thread = Thread.objects.get(author=trusted)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == thread.get_absolute_url()
    assert thread.posts.count() == 1
    # A new form is a new thread.
    data = {**_thread_form(client, board), "body": "A second thought."}
    assert client.post(new_thread_url(board), data).status_code == 302
    assert Thread.objects.filter(author=trusted).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_new_thread_posts_open_one_thread(settings):
    """A double (or quadruple) click: four identical requests at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    author = UserFactory()
    for _ in range(settings.FORUM_TRUST_THRESHOLD):
        PostFactory(author=author)
    board = BoardFactory()
    setup = Client()
    setup.force_login(author)
    data = _thread_form(setup, board)
    barrier = threading.Barrier(4)
    statuses, errors = [], []

    def send() -> None:
        try:
            client = Client()
            client.force_login(author)
            barrier.wait(timeout=10)
            statuses.append(client.post(new_thread_url(board), data).status_code)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=send) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    assert statuses == [302] * 4
    assert Thread.objects.filter(author=author).count() == 1
    assert Post.objects.filter(author=author, is_opening=True).count() == 1
