"""The department's program pages (seeds 001 to 004) in a browser: axe in both
languages, and a keyboard-only walk through the section menu."""

import pytest
from playwright.sync_api import Page

from tests.browser.pages import SiteFrame
from tests.browser.test_accessibility import violations_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_PAGES = [
    "/en/programs/human-security/public-safety/",
    "/fr/programmes/securite-humaine/securite-humaine-dans-le-monde/",
    "/en/programs/human-security/human-security-a-new-measure/",
    "/fr/programmes/securite-humaine/",
]


def test_the_seed_pages_have_no_wcag_violation(axe_page: Page, demo_site: None) -> None:
    found = [v for path in SEED_PAGES for v in violations_of(axe_page, path)]
    assert not found, "\n".join(found)


def _tab_to(page: Page, text: str, limit: int = 80) -> None:
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == text:
            return
    raise AssertionError(f"no keyboard stop on {text!r}")


def test_a_keyboard_user_walks_the_section_menu_in_both_languages(
    page: Page, demo_site: None
) -> None:
    frame = SiteFrame(page).open("/en/programs/human-security/public-safety/")
    _tab_to(page, "Human Security Program")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/programs/human-security/human-security-program/")
    assert frame.heading() == "Human Security Program"
    _tab_to(page, "Applying for funding")
    page.keyboard.press("Enter")
    page.wait_for_url("**/applying-for-funding/")
    frame.switch_language()
    assert page.url.endswith("/fr/programmes/securite-humaine/demande-de-financement/")
    assert frame.heading() == "Demande de financement"
    _tab_to(page, "Discours et déclarations")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/programmes/securite-humaine/discours/")
    assert frame.heading() == "Discours et déclarations"
