"""Reading pages: counts, sorting, pagination, anchors, the feed and flat query counts."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from dialogue.markdown import render_user_text
from forum.models import Post, Thread
from forum.services import thread_summary_refresh
from moderation.models import Status
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def add_posts(board, count, *, threads=5):
    """`count` published posts spread over `threads` new threads, written in bulk."""
    author = UserFactory()
    now = timezone.now()
    made = Thread.objects.bulk_create(
        Thread(
            board=board,
            title=f"Bulk thread {n}",
            author=author,
            language="en",
            status=Status.PUBLISHED,
            last_activity_at=now,
        )
        for n in range(threads)
    )
    Post.objects.bulk_create(
        Post(
            thread=made[n % threads],
            author=author,
            body=f"Bulk post {n}",
            body_html=render_user_text(f"Bulk post {n}"),
            language="en",
            status=Status.PUBLISHED,
            is_opening=n < threads,
            published_at=now,
            created_at=now + datetime.timedelta(microseconds=n),
        )
        for n in range(count)
    )
    for thread in made:
        thread_summary_refresh(thread.pk)
    return made


def test_board_list_counts_threads_posts_and_last_activity(client, board):
    thread = ThreadFactory(board=board)
    PostFactory(thread=thread)
    PostFactory(thread=thread, status=Status.PENDING)  # not counted
    ThreadFactory(board=board, status=Status.PENDING)  # not counted
    html = client.get("/en/forum/").content.decode()
    assert f'<a href="/en/forum/{board.slug_en}/">{board.title_en}</a>' in html
    assert re.search(r"<td>1</td>\s*<td>2</td>", html)
    html_fr = client.get("/fr/forum/").content.decode()
    assert f'<a href="/fr/forum/{board.slug_fr}/">{board.title_fr}</a>' in html_fr


def test_board_page_toggle_leads_to_the_same_board(client, board):
    html = client.get(board.get_absolute_url()).content.decode()
    assert f'href="/fr/forum/{board.slug_fr}/" lang="fr"' in html
    with translation.override("fr"):
        url = board.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get("/fr/forum/" + board.slug_en + "/").status_code == 404


def test_thread_list_sorts_by_activity_or_newest(client, board):
    old = ThreadFactory(board=board, title="Older but busy")
    new = ThreadFactory(board=board, title="Newer but quiet")
    Thread.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3),
        last_activity_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    by_activity = client.get(board.get_absolute_url()).content.decode()
    assert by_activity.index(old.title) < by_activity.index(new.title)
    newest = client.get(board.get_absolute_url() + "?sort=newest").content.decode()
    assert newest.index(new.title) < newest.index(old.title)


def test_thread_page_is_paginated_with_stable_anchors(client, board):
    [thread] = add_posts(board, 45, threads=1)
    first = client.get(thread.get_absolute_url()).content.decode()
    third = client.get(thread.get_absolute_url() + "?page=3").content.decode()
    ids = list(
        Post.objects.filter(thread=thread).order_by("created_at", "id").values_list("pk", flat=True)
    )
    assert f'id="post-{ids[0]}"' in first and f'id="post-{ids[20]}"' not in first
    assert f'id="post-{ids[44]}"' in third
    assert "Page 3 of 3" in third
    # The permanent link of a post leads to its page and anchor.
    response = client.get(f"/en/forum/posts/{ids[44]}/")
    assert response["Location"] == f"/en/forum/threads/{thread.pk}/?page=3#post-{ids[44]}"


def test_board_feed_lists_published_threads(client, board):
    ThreadFactory(board=board, title="Feed me", opening="Opening *words*")
    ThreadFactory(board=board, title="Not yet", status=Status.PENDING)
    response = client.get(f"/en/forum/{board.slug_en}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "Feed me" in xml and "Not yet" not in xml


def test_board_feed_names_an_author_without_a_display_name_anonymous(client, board):
    thread = ThreadFactory(board=board, title="Nameless")
    Post.objects.filter(thread=thread, is_opening=True).update(display_name="")
    xml = client.get(f"/en/forum/{board.slug_en}/feed/").content.decode()
    assert "<name>Anonymous</name>" in xml


@pytest.mark.parametrize("reader", ["anonymous", "participant", "moderator"])
def test_reading_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, django_assert_max_num_queries, reader, board
):
    """Warm up with 10 posts, count; add 10,000 posts, count again: the same number."""
    if reader != "anonymous":
        client.force_login(
            UserFactory(role="moderator") if reader == "moderator" else UserFactory()
        )
    BoardFactory()  # a second board on the list
    [thread] = add_posts(board, 10, threads=1)
    pages = {
        "board list": "/en/forum/",
        "thread list": board.get_absolute_url(),
        "thread page": thread.get_absolute_url(),
    }
    counts = {}
    for name, url in pages.items():
        client.get(url)  # warm-up: session, content types
        with django_assert_max_num_queries(50) as captured:
            assert client.get(url).status_code == 200
        counts[name] = len(captured)
    add_posts(board, 10_000, threads=50)
    Post.objects.bulk_create(
        Post(
            thread=thread,
            body=f"More {n}",
            body_html=f"<p>More {n}</p>",
            language="en",
            status=Status.PUBLISHED,
        )
        for n in range(200)
    )
    for name, url in pages.items():
        # Same count as with 10 posts: the board list is one annotated query, the thread
        # list one count and one page query, the thread page one count and one page query
        # (plus the reader's flags and subscription when signed in).
        with django_assert_num_queries(counts[name]):
            assert client.get(url).status_code == 200
    assert counts["board list"] <= 8


def test_a_french_thread_title_on_an_english_page_carries_its_language(client, board):
    thread = ThreadFactory(board=board, title="La paix d'abord", language="fr")
    PostFactory(thread=thread, language="fr")
    board_html = client.get(board.get_absolute_url()).content.decode()
    assert re.search(
        r'<h3 class="thread-title" lang="fr"><a [^>]*>La paix d&#x27;abord</a>', board_html
    )
    thread_html = client.get(thread.get_absolute_url()).content.decode()
    assert '<li lang="fr">La paix d&#x27;abord</li>' in thread_html
