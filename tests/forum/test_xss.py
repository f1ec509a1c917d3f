"""Script in titles and bodies never reaches the page as markup."""

import re

import pytest

from forum.models import Post, Thread
from tests.forum.xss import XSS_PAYLOADS, markup_problems

pytestmark = pytest.mark.django_db


def main_region(html):
    return re.search(r'<main id="main".*?</main>', html, re.S).group(0)


def test_the_list_comes_from_the_cheat_sheet_and_is_long_enough():
    assert len(XSS_PAYLOADS) >= 20
    # The checker does catch live markup, so a pass below means something.
    assert markup_problems('<img src=x onerror="alert(1)">')
    assert markup_problems('<a href=" javascript:alert(1)">x</a>')
    assert not markup_problems("&lt;script&gt;alert(1)&lt;/script&gt;")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_title_and_body_is_inert(client, trusted, board, payload, settings):
    settings.FORUM_POST_RATE = "1000/60"
    client.force_login(trusted)
    title = f"T {payload}"[:200]  # the longest title accepted
    response = client.post(
        f"/en/forum/{board.slug_en}/new/",
        {"title": title, "body": f"Body {payload}", "language": "en"},
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title=title.strip())
    post = Post.objects.get(thread=thread)
    assert markup_problems(post.body_html) == []
    pages = [
        client.get(thread.get_absolute_url()),
        client.get(board.get_absolute_url()),
        client.get(f"/en/forum/posts/{post.pk}/edit/"),
        client.get(f"/en/forum/{board.slug_en}/feed/"),
    ]
    for response in pages[:3]:
        region = main_region(response.content.decode())
        assert markup_problems(region) == [], response.request["PATH_INFO"]
        if "<" in payload:
            assert payload not in region
    # In the feed, the title is escaped text and the body the sanitised HTML, escaped again.
    assert "<script" not in pages[3].content.decode().lower()
    # The preview renders the same sanitised HTML.
    preview = client.post(
        f"/en/forum/threads/{thread.pk}/reply/",
        {"body": payload, "language": "en", "preview": "1"},
    )
    assert markup_problems(main_region(preview.content.decode())) == []
