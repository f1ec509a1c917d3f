"""The first administrator can sign in before e-mail works."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase for the admin"


def test_the_created_administrator_signs_in_without_confirming_an_email(client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    call_command("create_admin", "--email", "Ops@Example.org")
    response = client.post(
        reverse("account_login"), {"login": "Ops@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_second_administrator_with_the_same_address_is_refused(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    call_command("create_admin", "--email", "ops@example.org")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_admin", "--email", "OPS@example.org")


def test_a_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("create_admin", "--email", "ops@example.org")
