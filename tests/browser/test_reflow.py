"""WCAG 1.4.10 Reflow: at 320 CSS px nothing scrolls sideways, in either language."""

import pytest
from django.urls import reverse
from django.utils import translation

from forum.models import Board
from questions.models import Question
from tests.browser.pages import SignIn
from tests.factories import PASSWORD, UserFactory, role_groups_restore

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}
SITEMAP = {"en": "/en/sitemap/", "fr": "/fr/plan-du-site/"}


def _overflow(page, path: str) -> str | None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    if width > viewport:
        return f"{path}: {width} px wide in a {viewport} px viewport"
    return None


def _signed_in(browser, live_server, user, language):
    context = browser.new_context(base_url=live_server.url, viewport=NARROW)
    page = context.new_page()
    login = "/en/accounts/login/" if language == "en" else "/fr/comptes/login/"
    SignIn(page).open(login).sign_in(user.email, PASSWORD)
    page.wait_for_load_state()
    return context, page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_scrolls_sideways_at_320_px(browser, live_server, demo_site, settings, language):
    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    # A transactional test before this one may have flushed the role groups.
    role_groups_restore()
    participant = UserFactory()
    moderator = UserFactory(role="moderator")
    staff = UserFactory(role="staff")
    with translation.override(language):
        question = Question.objects.order_by("pk").first()
        board = Board.objects.order_by("pk").first()
        signed_in = {
            participant: [
                reverse("questions:answer", args=[question.pk]),
                reverse("forum:new_thread", args=[board.slug]),
            ],
            moderator: [reverse("moderation:queue")],
            staff: [reverse("reports:staff_runs")],
        }

    context = browser.new_context(base_url=live_server.url, viewport=NARROW)
    page = context.new_page()
    page.goto(SITEMAP[language])
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    paths = sorted({h for h in hrefs if h and h.startswith("/")} | {SITEMAP[language]})
    assert len(paths) >= 15
    found = [_overflow(page, path) for path in paths]
    context.close()

    for user, user_paths in signed_in.items():
        context, page = _signed_in(browser, live_server, user, language)
        found += [_overflow(page, path) for path in user_paths]
        context.close()
    overflowing = [f for f in found if f]
    assert not overflowing, "\n".join(overflowing)
