"""Sign-in limits: the admin's sign-in goes through allauth's, failed attempts count per
account and address, and nobody elsewhere can lock a person out."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"
ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.20"}


def _sign_in(client, email, password, **extra):
    return client.post("/en/accounts/login/", {"login": email, "password": password}, **extra)


def test_the_admin_sign_in_form_is_allauths(client, staff):
    response = client.get("/en/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"
    # The admin's own form checks no password at all any more, right or wrong.
    response = client.post("/en/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_through_allauth_and_reach_the_admin(client, staff):
    response = client.post(
        "/en/accounts/login/?next=/en/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200
    # Signed in, the admin's sign-in address sends on to where the person was going.
    response = client.get("/en/admin/login/?next=/en/admin/questions/")
    assert response["Location"] == "/en/admin/questions/"


def test_a_signed_in_participant_is_refused_the_admin_without_a_loop(client, participant):
    client.force_login(participant)
    assert client.get("/en/admin/login/?next=/en/admin/").status_code == 403


def test_the_eleventh_wrong_password_in_a_minute_is_refused_for_a_staff_account(client, staff):
    # The admin's sign-in leads to allauth's page: that is where the attempts count.
    response = client.get("/en/admin/login/?next=/en/admin/", **ATTACKER)
    assert response.status_code == 302
    login_url = response["Location"]
    refused = []
    for _ in range(11):
        response = client.post(
            login_url, {"login": staff.email, "password": "wrong-password"}, **ATTACKER
        )
        assert response.status_code == 422
        refused.append(TOO_MANY in response.content.decode())
    assert refused[0] is False
    assert refused[10] is True
    # Even the right password is refused from there, for now.
    response = client.post(login_url, {"login": staff.email, "password": PASSWORD}, **ATTACKER)
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admins_own_form_answers_no_guess(client, staff):
    for _ in range(40):
        response = client.post(
            "/en/admin/login/", {"username": staff.email, "password": "wrong"}, **ATTACKER
        )
        assert response.status_code == 302
    response = client.post(
        "/en/admin/login/", {"username": staff.email, "password": PASSWORD}, **ATTACKER
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(client, participant):
    for _ in range(12):
        _sign_in(client, participant.email, "wrong-password", **ATTACKER)
    assert TOO_MANY in _sign_in(client, participant.email, "wrong", **ATTACKER).content.decode()
    response = _sign_in(client, participant.email, PASSWORD, **OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_behind_the_proxy_each_client_has_its_own_count(client, participant, settings):
    """Without the proxy count, everyone shares the proxy's address and its limit."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(12):
        _sign_in(client, participant.email, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    response = _sign_in(
        client, participant.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy
    )
    assert response.status_code == 302


def test_too_many_sign_ins_from_one_address_get_the_portals_page_in_french(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _ in range(2):
        _sign_in(client, "nobody@example.org", "x")
    response = client.post("/fr/comptes/login/", {"login": "nobody@example.org", "password": "x"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de demandes" in page
    assert '<html lang="fr"' in page
