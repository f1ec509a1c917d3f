"""Follow every internal link a reader can reach, in both languages: none is broken."""

import re
from urllib.parse import urldefrag, urlparse

import pytest

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"]+)"')


def crawl(client, start, limit=400):
    seen, queue, broken = set(), [start], []
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):  # sign-in pages for participants
            continue
        if response.status_code != 200:
            broken.append((path, response.status_code))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if parsed.scheme or not href.startswith("/") or href.startswith("/static/"):
                continue
            if "/admin/" in href or "/feed" in href or "fil-atom" in href:
                continue
            if href not in seen:
                queue.append(href)
    return seen, broken


@pytest.mark.parametrize("start", ["/en/", "/fr/"])
def test_no_broken_internal_link(client, demo_paper, start):
    from django.utils.module_loading import import_string

    for step in ("questions.demo.demo_answers_create", "forum.demo.demo_forum_create"):
        import_string(step)(demo_paper)
    seen, broken = crawl(client, start)
    assert len(seen) > 60
    assert broken == []


def test_french_pages_show_no_english_navigation(client, demo_paper):
    seen, _broken = crawl(client, "/fr/", limit=120)
    english_labels = ["Skip to main content", "Date modified", "Dialogue Paper", "Sign in"]
    for path in seen:
        if not path.startswith("/fr/"):
            continue
        html = client.get(path).content.decode()
        assert not [label for label in english_labels if label in html], path


@pytest.mark.parametrize("role", ["participant", "moderator", "staff"])
def test_no_broken_link_for_signed_in_roles(client, demo_paper, request, role):
    from django.utils.module_loading import import_string

    for step in ("questions.demo.demo_answers_create", "forum.demo.demo_forum_create"):
        import_string(step)(demo_paper)
    client.force_login(request.getfixturevalue(role))
    for start in ("/en/", "/fr/"):
        seen, broken = crawl(client, start, limit=250)
        assert len(seen) > 40
        assert broken == [], role


@pytest.mark.parametrize("start", ["/en/", "/fr/"])
def test_a_paper_without_fixed_pages_links_to_none_of_them(client, participant, start):
    """Minister, help, privacy, netiquette, partners and about are optional pages."""
    from tests.dialogue.factories import ChapterFactory
    from tests.questions.factories import QuestionFactory

    question = QuestionFactory(chapter=ChapterFactory())
    client.force_login(participant)
    language = start.strip("/")
    answer = f"/{language}/questions/{question.pk}/{'answer' if language == 'en' else 'repondre'}/"
    sitemap = "/en/sitemap/" if language == "en" else "/fr/plan-du-site/"
    for path in (start, sitemap, answer):
        assert client.get(path).status_code == 200, path
    seen, broken = crawl(client, start, limit=150)
    assert len(seen) > 10
    assert broken == []
