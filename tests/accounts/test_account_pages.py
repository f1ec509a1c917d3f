"""The sign-in pages and e-mails speak in the portal's voice, in both languages."""

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "email": "new@example.org",
    "password1": "a-long-pass-9876",
    "password2": "a-long-pass-9876",
}

ACCOUNT_PAGES = {
    "en": ["/en/accounts/login/", "/en/accounts/signup/", "/en/accounts/password/reset/"],
    "fr": ["/fr/comptes/login/", "/fr/comptes/signup/", "/fr/comptes/password/reset/"],
}


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.mark.parametrize("path", ACCOUNT_PAGES["fr"])
def test_french_account_pages_say_courriel(client, path):
    response = client.get(path)
    assert response.status_code == 200
    main = _main(response.text)
    assert "courriel" in main.lower()
    for stock in ("e-mail", "E-mail", "l'utilisateur", "l’utilisateur", "dossier spam"):
        assert stock not in main, f"{path} still says {stock!r}"


@pytest.mark.parametrize("path", ACCOUNT_PAGES["en"] + ACCOUNT_PAGES["fr"])
def test_account_pages_sit_in_the_portal_frame(client, path):
    response = client.get(path)
    # The portal's header, its error-summary include and its field markup.
    assert 'class="site-header"' in response.text
    assert 'class="field' in response.text


def test_french_forgotten_password_link_has_a_no_break_space(client):
    response = client.get("/fr/comptes/login/")
    assert "Mot de passe oublié\u00a0?" in response.text


@pytest.mark.parametrize(("language", "prefix"), [("en", "/en/accounts"), ("fr", "/fr/comptes")])
def test_confirmation_email_greets_with_the_site_name(
    client, sent_mail, mailoutbox, language, prefix
):
    with sent_mail():
        client.post(f"{prefix}/signup/", SIGN_UP)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    name = settings.DEPARTMENT_NAME_FR if language == "fr" else settings.DEPARTMENT_NAME_EN
    assert name in message.body
    assert name in message.subject
    assert "testserver" not in message.body.split("http://testserver")[0]
    assert "Hello from" not in message.body
    if language == "fr":
        assert "courriel" in message.body.lower() or "courriel" in message.subject.lower()
        assert "e-mail" not in message.body


def test_confirmation_page_reads_as_a_sentence(client, sent_mail, mailoutbox):
    with sent_mail():
        client.post("/fr/comptes/signup/", SIGN_UP)
    link = re.search(r"http://testserver(\S+)", mailoutbox[0].body).group(1)
    response = client.get(link)
    main = _main(response.text)
    assert "new@example.org" in main
    assert "is an email address for user" not in main
    assert "pour l'utilisateur" not in main


def test_a_second_sign_up_within_minutes_says_no_new_message_was_sent(sent_mail, mailoutbox):
    first = Client()
    with sent_mail():
        response = first.post("/en/accounts/signup/", SIGN_UP, follow=True)
    assert "We sent a message to new@example.org" in response.text
    second = Client()
    with sent_mail():
        response = second.post("/en/accounts/signup/", SIGN_UP, follow=True)
    # allauth's cooldown holds the second e-mail back: the page must say so.
    assert len(mailoutbox) == 1
    assert "We sent a message" not in response.text
    assert "We did not send a new message" in response.text


MANAGE_PAGES = {
    "en": {
        "/en/accounts/email/": "Your e-mail addresses",
        "/en/accounts/password/change/": "Change your password",
    },
    "fr": {
        "/fr/comptes/email/": "Vos adresses de courriel",
        "/fr/comptes/password/change/": "Changer votre mot de passe",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_email_and_password_change_pages_speak_in_the_portal_voice(client, participant, language):
    client.force_login(participant)
    for path, heading in MANAGE_PAGES[language].items():
        response = client.get(path)
        assert response.status_code == 200, path
        main = _main(response.text)
        assert f"<h1>{heading}</h1>" in main
        assert f"<li>{heading}</li>" in response.text  # the breadcrumb trail
        assert 'class="field' in main
        if language == "fr":
            assert "courriel" in main.lower() or "password" in path
            for stock in ("e-mail", "E-mail", "Email", "email address"):
                assert stock not in main.replace('name="email"', ""), f"{path} says {stock!r}"
        else:
            assert "Email Addresses" not in main and "Change Password" not in main
