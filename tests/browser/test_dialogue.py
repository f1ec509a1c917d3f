import pytest

from tests.browser.pages import SiteFrame

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_read_a_chapter_follow_next_and_switch_to_french(page, demo_site):
    frame = SiteFrame(page).open("/en/paper/")
    page.get_by_role("link", name="Security", exact=True).first.click()
    assert frame.heading() == "Security"
    page.get_by_role("link", name="Next: Prosperity").click()
    assert frame.heading() == "Prosperity"
    assert page.url.endswith("/en/paper/prosperity/")
    frame.switch_language()
    assert page.url.endswith("/fr/document/prosperite/")
    assert frame.heading() == "Prospérité"
    assert frame.language == "fr"


def test_search_from_the_header(page, demo_site):
    SiteFrame(page).open("/fr/")
    page.get_by_label("Rechercher dans le site").fill("sécurité")
    page.get_by_role("button", name="Rechercher").first.click()
    assert "/fr/recherche/" in page.url
    assert page.locator(".search-results mark").count() > 0


def test_keyboard_user_can_skip_to_the_content(page, demo_site):
    page.goto("/en/paper/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
