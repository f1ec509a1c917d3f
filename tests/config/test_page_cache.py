"""The page cache for readers without a session: what it keeps, for whom, and when a
kept page gives way to a fresh one (config/pagecache.py, config/generation.py)."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import User
from forum.models import Thread
from forum.services import post_edit
from moderation.models import Reason, Status
from moderation.services import status_change
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Settings) -> Iterator[None]:
    from config.pagecache import local_pages

    settings.PAGE_CACHE_SECONDS = 60
    local_pages.clear()
    yield
    local_pages.clear()


def _get(client: Client, url: str) -> tuple[str, int]:
    """The page's text and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_an_anonymous_page_is_served_from_the_cache_with_validators_and_no_vary_cookie(
    client: Client,
) -> None:
    thread = ThreadFactory(title="Peacekeeping, again")
    url = thread.get_absolute_url()
    first, queries_first = _get(client, url)
    again, queries_again = _get(client, url)
    assert "Peacekeeping, again" in first
    assert again == first
    assert queries_first > 0
    assert queries_again == 0  # neither the session nor the thread was read

    response = client.get(url)
    assert "Cookie" not in response.get("Vary", "")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Last-Modified"]
    assert response["Content-Security-Policy"]  # the stored page keeps its headers
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_a_kept_page_is_not_read_again_after_a_change_that_bypasses_the_portal(
    client: Client,
) -> None:
    """Checks that the cache is really in use: a change made behind the portal's back
    (no service, no save) does not show until the page expires."""
    thread = ThreadFactory(title="Before")
    url = thread.get_absolute_url()
    assert "Before" in _get(client, url)[0]
    Thread.objects.filter(pk=thread.pk).update(title="Behind the back")
    assert "Behind the back" not in _get(client, url)[0]


def test_a_moderation_decision_changes_the_kept_page(
    client: Client,
    moderator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    question = QuestionFactory()
    answer = AnswerFactory(question=question, body="Trade before diplomacy, always.")
    url = f"/en/answers/{question.pk}/"
    assert "Trade before diplomacy" in _get(client, url)[0]
    assert "Trade before diplomacy" in _get(client, url)[0]  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        status_change(
            target=answer, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.SPAM
        )
    assert "Trade before diplomacy" not in _get(client, url)[0]
    assert "0 published answers" in _get(client, "/en/answers/")[0]


def test_an_edit_changes_the_kept_page(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    author = UserFactory()
    thread = ThreadFactory(author=author)
    post = PostFactory(thread=thread, author=author, body="A first wording.")
    url = thread.get_absolute_url()
    assert "A first wording." in _get(client, url)[0]
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(post=post, author=author, body="A better wording.")
    text = _get(client, url)[0]
    assert "A better wording." in text
    assert "A first wording." not in text

    # An edit in the admin (a saved chapter) too.
    question = QuestionFactory()
    chapter = question.chapter
    chapter_url = chapter.get_absolute_url()
    assert chapter.title in _get(client, chapter_url)[0]
    chapter.title_en = "A chapter renamed"
    with django_capture_on_commit_callbacks(execute=True):
        chapter.save()
    assert "A chapter renamed" in _get(client, chapter_url)[0]


def test_a_publication_changes_the_kept_page(
    client: Client,
    moderator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    thread = ThreadFactory()
    pending = PostFactory(thread=thread, status=Status.PENDING, body="Waiting for review.")
    url = thread.get_absolute_url()
    assert "Waiting for review." not in _get(client, url)[0]
    assert "Waiting for review." not in _get(client, url)[0]
    with django_capture_on_commit_callbacks(execute=True):
        status_change(target=pending, to_status=Status.PUBLISHED, moderator=moderator)
    assert "Waiting for review." in _get(client, url)[0]
    thread.refresh_from_db()
    assert thread.reply_count == 1
    board_page = _get(client, thread.board.get_absolute_url())[0]
    assert "1 reply" in board_page


def test_signed_in_readers_never_get_a_kept_page(client: Client) -> None:
    question = QuestionFactory()
    AnswerFactory(question=question)
    url = f"/en/answers/{question.pk}/"
    anonymous = Client()
    _get(anonymous, url)
    _get(anonymous, url)  # kept for anonymous readers

    alice = UserFactory(email="alice@example.org")
    bob = UserFactory(email="bob@example.org")
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice)
    bob_client.force_login(bob)
    for reader, email, other in (
        (alice_client, "alice@example.org", "bob@example.org"),
        (bob_client, "bob@example.org", "alice@example.org"),
        (alice_client, "alice@example.org", "bob@example.org"),
    ):
        response = reader.get(url)
        text = response.content.decode()
        assert f"Signed in as {email}" in text
        assert other not in text
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    # And the anonymous page never became one of theirs.
    assert "Signed in as" not in _get(anonymous, url)[0]


def test_pages_that_set_a_cookie_or_read_unknown_parameters_are_not_kept(
    client: Client,
) -> None:
    thread = ThreadFactory(title="Kept or not")
    url = thread.get_absolute_url()
    _get(client, f"{url}?utm_source=mail")
    assert _get(client, f"{url}?utm_source=mail")[1] > 0  # rendered again
    _get(client, url)
    assert _get(client, url)[1] == 0


def test_drafts_do_not_move_the_generation(client: Client) -> None:
    from config.generation import generation

    question = QuestionFactory()
    before = generation()
    AnswerFactory(question=question, status=Status.DRAFT, published_at=None, submitted_at=None)
    assert generation() == before
    AnswerFactory(question=question)
    assert generation() != before
