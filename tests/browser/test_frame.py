import re

import pytest
from django.core import mail

from tests.browser.pages import SignIn, SignUp, SiteFrame
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_and_language_toggle_round_trip(page):
    frame = SiteFrame(page).open("/en/paper/")
    assert frame.language == "en"
    frame.switch_language()
    assert page.url.endswith("/fr/document/")
    assert frame.language == "fr"
    frame.switch_language()
    assert page.url.endswith("/en/paper/")


def test_splash_leads_to_each_language(page):
    page.goto("/")
    page.get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/")
    assert SiteFrame(page).language == "fr"


def test_sign_up_with_email_verification(page):
    SignUp(page).open("/en/accounts/signup/").sign_up("newcomer@example.org", "a-long-pass-9876")
    assert "/accounts/confirm-email/" in page.url
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".account-state").inner_text() == "Signed in as newcomer@example.org"


def test_sign_in_and_out(page):
    user = UserFactory()
    SignIn(page).open("/fr/comptes/login/").sign_in(user.email, PASSWORD)
    assert page.locator(".account-state").inner_text() == f"Connecté en tant que {user.email}"
    page.get_by_role("button", name="Se déconnecter").click()
    assert page.get_by_role("link", name="Se connecter").is_visible()
