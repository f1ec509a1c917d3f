"""Nobody learns from sign-up or password reset whether an address has an account."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-9876-unique"


def _page(response) -> str:
    """The page's main region with the address and the CSRF token taken out."""
    html = response.content.decode()
    main = re.search(r'<main id="main".*?</main>', html, re.S)
    text = main.group(0) if main else html
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r"[\w.+-]+@example\.org", "ADDRESS", text)


def _follow(client, url: str, data: dict) -> tuple[int, str, int, str]:
    first = client.post(url, data)
    landing = client.get(first["Location"]) if first.status_code == 302 else first
    return first.status_code, first.get("Location", ""), landing.status_code, _page(landing)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sign_up_with_a_taken_address_looks_like_a_new_one(
    client, mailoutbox, sent_mail, language
) -> None:
    prefix = "/en/accounts" if language == "en" else "/fr/comptes"
    UserFactory(email="taken@example.org")
    with sent_mail():
        fresh = _follow(
            client,
            f"{prefix}/signup/",
            {"email": "fresh@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    client.cookies.clear()
    with sent_mail():
        taken = _follow(
            client,
            f"{prefix}/signup/",
            {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert fresh[0] == 302
    assert taken == fresh
    # Both people get an e-mail; only the owner of the taken address learns it is taken.
    assert [m.to for m in mailoutbox] == [["fresh@example.org"], ["taken@example.org"]]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_password_reset_for_an_unknown_address_looks_like_a_known_one(
    client, mailoutbox, sent_mail, language
) -> None:
    prefix = "/en/accounts" if language == "en" else "/fr/comptes"
    UserFactory(email="known@example.org")
    with sent_mail():
        known = _follow(client, f"{prefix}/password/reset/", {"email": "known@example.org"})
    with sent_mail():
        unknown = _follow(client, f"{prefix}/password/reset/", {"email": "nobody@example.org"})
    assert known[0] == 302
    assert unknown == known
    assert [m.to for m in mailoutbox] == [["known@example.org"], ["nobody@example.org"]]


def test_enumeration_prevention_is_on(settings) -> None:
    assert getattr(settings, "ACCOUNT_PREVENT_ENUMERATION", True) is True
