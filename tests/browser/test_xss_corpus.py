"""The XSS corpus in Chromium: no payload runs, with the content security policy on
and with it dropped, so the check does not hide behind the CSP.

A payload "runs" if it calls alert/confirm/prompt, sets `window.__xss` or opens a
dialog. Many payloads share a page: each list shows every planted payload at once.
"""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Post
from tests.factories import UserFactory, role_groups_restore
from tests.forum.factories import PostFactory
from tests.security.xss_payloads import XSS_PAYLOADS
from tests.security.xss_world import xss_plant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every frame before the page's own scripts: the payloads' calls land here.
TRAP = """
window.__xss = 0;
const hit = () => { window.top.__xss = (window.top.__xss || 0) + 1; };
window.alert = hit; window.confirm = hit; window.prompt = hit; window.print = hit;
"""


@pytest.fixture(autouse=True)
def _role_groups(transactional_db) -> None:
    """Transactional tests empty the tables the role migration filled: fill them again."""

    role_groups_restore()


@pytest.fixture(autouse=True)
def _search_unthrottled(settings) -> None:
    """One search per payload from one address: the corpus tests what a query does,
    not how many a visitor may send (tests/dialogue/test_search.py covers that)."""
    settings.SEARCH_RATE = "100000/60"


@pytest.fixture(params=["csp on", "csp off"])
def csp(request, settings) -> str:
    if request.param == "csp off":
        # A test-only setting: the middleware leaves out the header on every path.
        settings.CONTENT_SECURITY_POLICY = {
            **settings.CONTENT_SECURITY_POLICY,
            "EXCLUDE_URL_PREFIXES": ["/"],
        }
    return request.param


class Trap:
    """One browser context per role, counting what ran."""

    def __init__(self, browser, live_server) -> None:
        self.browser, self.live_server = browser, live_server
        self.contexts: dict = {}
        self.dialogs: list[str] = []

    def page(self, user: Any = None) -> Any:
        key = user.pk if user else None
        if key not in self.contexts:
            context = self.browser.new_context(base_url=self.live_server.url)
            context.add_init_script(TRAP)
            if user is not None:
                client = Client()
                client.force_login(user)
                context.add_cookies(
                    [
                        {
                            "name": "sessionid",
                            "value": client.cookies["sessionid"].value,
                            "url": self.live_server.url,
                        }
                    ]
                )
            page = context.new_page()
            page.set_default_timeout(15_000)

            def dismiss(dialog: Any) -> None:
                self.dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", dismiss)
            self.contexts[key] = (context, page)
        return self.contexts[key][1]

    def visit(self, path: str, user=None) -> tuple[int, str | None]:
        """(how many payloads ran, the CSP header) on one page load."""
        page = self.page(user)
        response = page.goto(path, wait_until="load")
        assert response.status < 400, f"{path}: {response.status}"
        # Handlers queued by the load (toggle, focus) run before the next frame.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        ran = page.evaluate("() => window.__xss || 0")
        return ran, response.headers.get("content-security-policy")

    def close(self) -> None:
        for context, _page in self.contexts.values():
            context.close()


@pytest.fixture
def trap(browser, live_server) -> Iterator[Trap]:
    trap = Trap(browser, live_server)
    yield trap
    trap.close()


def test_the_trap_catches_a_live_payload(trap, csp) -> None:
    """Stored HTML that skipped the sanitiser: caught with the CSP dropped, held by it otherwise."""
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(
        body_html='<img src=x onerror="alert(1)"><svg onload="window.__xss=1">'
    )
    ran, header = trap.visit(reverse("forum:thread", kwargs={"pk": post.thread_id}))
    if csp == "csp off":
        assert header is None
        assert ran >= 1 or trap.dialogs
    else:
        assert "script-src 'self'" in header
        assert ran == 0 and trap.dialogs == []


def test_no_payload_runs_anywhere(trap, csp) -> None:
    planted = xss_plant(XSS_PAYLOADS)
    moderator = UserFactory(role="moderator")
    staff = UserFactory(role="staff")
    thread = reverse("forum:thread", kwargs={"pk": planted.thread.pk})
    board = reverse("forum:board", kwargs={"slug": planted.board.slug_en})
    answers = reverse("questions:question_answers", kwargs={"pk": planted.question.pk})
    visits = [
        (None, reverse("dialogue:home")),
        (None, reverse("dialogue:paper")),
        (None, reverse("dialogue:chapter", kwargs={"slug": planted.first_chapter.slug_en})),
        (None, reverse("dialogue:chapter", kwargs={"slug": planted.chapters[0].slug_en})),
        (None, reverse("dialogue:interviews")),
        (None, reverse("dialogue:interview", kwargs={"slug": planted.interviews[12].slug})),
        (None, reverse("dialogue:resources")),
        (None, reverse("dialogue:help")),
        (None, reverse("dialogue:sitemap")),
        (None, reverse("questions:index")),
        (None, reverse("forum:index")),
        (moderator, reverse("moderation:queue")),
        (staff, "/en/admin/questions/answer/"),
        (staff, "/en/admin/dialogue/feedback/"),
        (staff, "/en/admin/dialogue/resource/"),
    ]
    visits += [(None, f"{answers}?page={n}") for n in range(1, 5)]
    visits += [(moderator, f"{thread}?page={n}") for n in range(1, 6)]
    visits += [(None, f"{board}?page={n}") for n in range(1, 5)]
    visits += [(None, reverse("forum:thread", kwargs={"pk": t.pk})) for t in planted.threads[::8]]
    # The search box reflects the query: one load per payload.
    visits += [(None, f"/en/search/?{urlencode({'q': p})}") for p in XSS_PAYLOADS]
    ran = []
    for user, path in visits:
        count, header = trap.visit(path, user)
        assert (header is None) == (csp == "csp off"), path
        if count:
            ran.append(f"{path}: {count}")
    assert ran == []
    assert trap.dialogs == []
