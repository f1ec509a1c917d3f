"""The XSS corpus through every field, read back from the rendered pages, feeds,
e-mails, the report and the admin: no live markup anywhere.

The same planted data is driven through Chromium in `tests/browser/test_xss_corpus.py`.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum.models import Subscription
from forum.notifications import thread_subscribers_notify
from reports.models import RunState
from reports.services import report_run_publish, report_run_start
from tests.factories import UserFactory
from tests.security.xss_check import feed_problems, live_markup, main_region
from tests.security.xss_payloads import XSS_PAYLOADS
from tests.security.xss_world import Planted, xss_plant

pytestmark = pytest.mark.django_db

# Fields each payload goes through (see xss_world): chapter title, summary and body;
# section title and body; question text; answer body and display name; account
# display name; thread title; opening post; reply; resource title and description;
# interview expert, affiliation, summary, transcript and media transcript; feedback
# message and page; the help page's body; the search query. The browser test reads
# the same set.
FIELDS = 24


def test_the_corpus_is_large_and_the_checker_catches_it_raw() -> None:
    assert len(XSS_PAYLOADS) >= 60
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)
    # Served as typed, most payloads would be live: the checker sees them.
    caught = [p for p in XSS_PAYLOADS if live_markup(p)]
    assert len(caught) >= 50, len(caught)
    assert live_markup('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert not live_markup("&lt;script&gt;alert(1)&lt;/script&gt;")


def _first(pattern: str, text: str, *, group: int = 1) -> str:
    """The first match of `pattern` in `text` (across lines); the page must have one."""
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(group)


def _pages(planted) -> list[tuple[str, str]]:
    """(role, url) of every page that shows the planted fields."""
    chapters = [reverse("dialogue:chapter", kwargs={"slug": c.slug_en}) for c in planted.chapters]
    interviews = [
        reverse("dialogue:interview", kwargs={"slug": i.slug}) for i in planted.interviews
    ]
    thread = reverse("forum:thread", kwargs={"pk": planted.thread.pk})
    board = reverse("forum:board", kwargs={"slug": planted.board.slug_en})
    answers = reverse("questions:question_answers", kwargs={"pk": planted.question.pk})
    pages = [
        ("anonymous", reverse("dialogue:home")),
        ("anonymous", reverse("dialogue:paper")),
        ("anonymous", reverse("dialogue:chapter", kwargs={"slug": planted.first_chapter.slug_en})),
        ("anonymous", reverse("dialogue:interviews")),
        ("anonymous", reverse("dialogue:resources")),
        ("anonymous", reverse("dialogue:sitemap")),
        ("anonymous", reverse("dialogue:help")),
        ("anonymous", reverse("questions:index")),
        ("anonymous", reverse("questions:answers")),
        ("anonymous", reverse("forum:index")),
        ("participant", thread),
        ("moderator", reverse("moderation:queue")),
        ("moderator", reverse("moderation:log")),
        ("staff", reverse("reports:staff_runs")),
    ]
    pages += [("anonymous", url) for url in chapters + interviews]
    pages += [("anonymous", f"{answers}?page={n}") for n in range(1, 6)]
    pages += [("anonymous", f"{thread}?page={n}") for n in range(1, 6)]
    pages += [("anonymous", f"{board}?page={n}") for n in range(1, 5)]
    pages += [
        ("participant", reverse("forum:thread", kwargs={"pk": t.pk})) for t in planted.threads
    ]
    return pages


@pytest.fixture
def planted(db) -> Planted:
    return xss_plant(XSS_PAYLOADS)


@pytest.fixture
def clients(client) -> dict:
    from django.test import Client

    roles = {
        "participant": UserFactory(),
        "moderator": UserFactory(role="moderator"),
        "staff": UserFactory(role="staff"),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    result = {"anonymous": client}
    for role, user in roles.items():
        result[role] = Client()
        result[role].force_login(user)
    return result


def test_the_checker_catches_a_live_payload_on_a_real_page(clients) -> None:
    """Stored HTML that skipped the sanitiser is caught: a pass below means something."""
    from forum.models import Post
    from tests.forum.factories import PostFactory

    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(body_html='<img src=x onerror="alert(1)">')
    html = clients["anonymous"].get(reverse("forum:thread", kwargs={"pk": post.thread_id}))
    assert live_markup(main_region(html.content.decode()), allow_site_markup=True) == [
        "<img onerror=…>"
    ]


def test_pages_show_every_payload_as_text(planted, clients) -> None:
    problems = []
    for role, url in _pages(planted):
        response = clients[role].get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        html = response.content.decode()
        title = _first(r"<title>(.*?)</title>", html)
        found = live_markup(main_region(html), allow_site_markup=True) + live_markup(title)
        problems += [f"{url} as {role}: {p}" for p in found]
    assert problems == []


def test_reflected_search_query_is_text(planted, clients) -> None:
    problems = []
    for language, path in (("en", "/en/search/"), ("fr", "/fr/recherche/")):
        for payload in XSS_PAYLOADS:
            response = clients["anonymous"].get(f"{path}?{urlencode({'q': payload})}")
            assert response.status_code in (200, 400), payload
            html = response.content.decode()
            title = _first(r"<title>(.*?)</title>", html)
            found = live_markup(html, allow_site_markup=True) + live_markup(title)
            problems += [f"{language} {payload!r}: {p}" for p in found]
    assert problems == []


def test_search_results_show_payloads_as_text(planted, clients) -> None:
    """Answers, posts and chapters are indexed with the payloads; excerpts stay text."""
    problems = []
    for word in ("alert", "script", "onerror", "javascript", "svg"):
        response = clients["anonymous"].get(f"/en/search/?q={word}")
        region = main_region(response.content.decode())
        problems += [f"{word}: {p}" for p in live_markup(region, allow_site_markup=True)]
    assert problems == []


def test_feeds_carry_inert_html(planted, clients) -> None:
    urls = [
        reverse("questions:question_answers_feed", kwargs={"pk": planted.question.pk}),
        reverse("forum:board_feed", kwargs={"slug": planted.board.slug_en}),
    ]
    for url in urls:
        response = clients["anonymous"].get(url)
        assert response.status_code == 200
        assert feed_problems(response.content.decode()) == [], url


def test_admin_lists_and_forms_show_payloads_as_text(planted, clients) -> None:
    from dialogue.models import Feedback
    from questions.models import Answer

    answer = Answer.objects.filter(question=planted.question).first()
    feedback = Feedback.objects.first()
    assert answer is not None and feedback is not None
    urls = [
        ("staff", "/en/admin/questions/answer/"),
        ("staff", f"/en/admin/questions/answer/{answer.pk}/change/"),
        ("staff", "/en/admin/dialogue/feedback/"),
        ("staff", f"/en/admin/dialogue/feedback/{feedback.pk}/change/"),
        ("staff", "/en/admin/dialogue/chapter/"),
        ("staff", f"/en/admin/dialogue/chapter/{planted.chapters[0].pk}/change/"),
        ("staff", "/en/admin/dialogue/resource/"),
        ("staff", "/en/admin/dialogue/interview/"),
        ("staff", "/en/admin/dialogue/consultation/translation-status/"),
        ("superuser", "/en/admin/forum/thread/"),
        ("superuser", f"/en/admin/forum/thread/{planted.threads[0].pk}/change/"),
        ("superuser", "/en/admin/accounts/user/"),
        ("superuser", f"/en/admin/accounts/user/{answer.author_id}/change/"),
    ]
    problems = []
    for role, url in urls:
        response = clients[role].get(url)
        assert response.status_code == 200, url
        content = _first(r'<div id="content".*', response.content.decode(), group=0)
        problems += [f"{url}: {p}" for p in live_markup(content, allow_site_markup=True)]
    assert problems == []


def test_reply_e_mails_are_plain_text(planted, settings, sent_mail) -> None:
    """Notification e-mails carry titles and bodies: plain text, one-line subject."""
    Subscription.objects.create(
        thread=planted.thread, user=planted.subscriber, created_at=timezone.now()
    )
    Subscription.objects.filter(user=planted.subscriber).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    for thread in planted.threads[:10]:
        Subscription.objects.create(thread=thread, user=planted.subscriber)
    with sent_mail():
        assert thread_subscribers_notify(planted.thread.pk) == 1
    message = mail.outbox[-1]
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    assert "\n" not in message.subject


def test_published_report_quotes_payloads_as_text(
    planted, clients, settings, tmp_path, django_capture_on_commit_callbacks
):
    from config.celery import app

    settings.REPORTS_ROOT = tmp_path / "reports"
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = report_run_start(
                consultation=planted.consultation, requested_by=None, cutoff=timezone.now()
            )
    finally:
        app.conf.task_always_eager = previous
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    report_run_publish(run=run, by=UserFactory(role="staff"))
    problems = []
    for url in ("/en/report/", "/fr/rapport/"):
        html = clients["anonymous"].get(url).content.decode()
        assert "alert(1)" in html  # the quotes are there, as text
        problems += [f"{url}: {p}" for p in live_markup(main_region(html), allow_site_markup=True)]
    assert problems == []
