"""Audit findings whose fix belongs to another part of the portal, written as the
behaviour users should get. Each is expected to fail until that change lands."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(strict=True, reason="fixed on branch ops")
def test_pages_send_a_permissions_policy(client) -> None:
    response = client.get("/en/")
    assert "camera=()" in response.get("Permissions-Policy", "")


@pytest.mark.xfail(strict=True, reason="fixed on branch redis")
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
