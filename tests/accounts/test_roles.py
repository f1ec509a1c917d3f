import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "can_moderate", "can_manage", "is_staff"),
    [
        (None, False, False, False),
        ("moderator", True, False, False),
        ("staff", True, True, True),
    ],
)
def test_role_grants_exactly_its_permissions(role, can_moderate, can_manage, is_staff):
    user = UserFactory(role=role)
    user.refresh_from_db()
    assert user.is_moderator is can_moderate
    assert user.is_ministry_staff is can_manage
    assert user.is_staff is is_staff


def test_grant_role_command_adds_and_revokes():
    user = UserFactory(email="mod@example.org")
    call_command("grant_role", "MOD@example.org", "moderator")
    user = type(user).objects.get(pk=user.pk)
    assert user.is_moderator
    call_command("grant_role", "mod@example.org", "moderator", "--revoke")
    user = type(user).objects.get(pk=user.pk)
    assert not user.is_moderator


def test_grant_role_command_names_unknown_account():
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("grant_role", "nobody@example.org", "staff")


def test_role_groups_have_one_definition_rebuilt_after_every_migrate():
    """The groups come from accounts.signals alone: deleted, a migrate brings them back
    with the same permissions, and no migration carries a copy of the mapping."""
    from pathlib import Path

    from django.contrib.auth.models import Group

    import accounts
    from accounts.roles import MINISTRY_STAFF, MODERATORS

    def granted() -> dict[str, set[str]]:
        return {
            group.name: set(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.filter(name__in=[MODERATORS, MINISTRY_STAFF])
        }

    before = granted()
    assert before[MODERATORS] == {"moderate_content"}
    assert {"moderate_content", "manage_consultation", "change_chapter"} <= before[MINISTRY_STAFF]
    Group.objects.filter(name__in=[MODERATORS, MINISTRY_STAFF]).delete()
    call_command("migrate", verbosity=0)
    assert granted() == before
    migrations = Path(accounts.__file__).parent / "migrations"
    assert not [
        path.name
        for path in migrations.glob("0*.py")
        if "Group" in path.read_text(encoding="utf-8")
    ]
