"""Audit findings about the frame around every page: headers, and the admin's sign-in."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_pages_send_a_permissions_policy(client) -> None:
    response = client.get("/en/")
    assert "camera=()" in response.get("Permissions-Policy", "")


def test_the_admin_sign_in_is_throttled_like_the_site_sign_in(client, settings) -> None:
    """Guessing a staff password in the admin stops working after a few tries."""
    staff = UserFactory(role="staff")
    for _ in range(12):
        client.post(
            "/en/admin/login/?next=/en/admin/",
            {"username": staff.email, "password": "wrong-password"},
        )
    client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": staff.email, "password": PASSWORD},
    )
    assert "_auth_user_id" not in client.session
