"""Roles are Django groups; this module names them and grants them."""

from django.contrib.auth.models import Group
from django.db import transaction

MODERATORS = "Moderators"
MINISTRY_STAFF = "Ministry staff"
# Analysts read and code every published answer in the analysis workbench; they need
# neither the admin nor the moderation queue.
ANALYSTS = "Analysts"

ROLE_GROUPS = {"moderator": MODERATORS, "staff": MINISTRY_STAFF, "analyst": ANALYSTS}


@transaction.atomic
def role_grant(*, user, role):
    """Add `user` to the group of `role`; ministry staff also reach the admin."""
    group = Group.objects.get(name=ROLE_GROUPS[role])
    user.groups.add(group)
    if role == "staff" and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def role_revoke(*, user, role):
    user.groups.remove(Group.objects.get(name=ROLE_GROUPS[role]))
    if role == "staff" and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return user
