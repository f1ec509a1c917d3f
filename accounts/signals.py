"""Keep the role groups and their permissions in place after every migrate (and after the
test runner's flush, which emits the same signal)."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import ANALYSTS, MINISTRY_STAFF, MODERATORS

# Ministry staff edit the consultation's content in the admin and read what came in.
STAFF_MODEL_PERMISSIONS = {
    "dialogue": {"consultation", "chapter", "section", "page", "interview", "topic", "resource"},
    "questions": {"question"},
    "forum": {"board"},
    "moderation": {"savedreason"},
    "sitepages": {"sitepage"},
}
STAFF_READ_ONLY = {
    "dialogue": {"feedback"},
    "questions": {"answer"},
    "outbox": {"outboxemail"},
}
# Permissions beyond "view" on read-only models: staff may send a failed e-mail again.
STAFF_EXTRA_PERMISSIONS = {"outbox": {"retry_outboxemail"}}


def role_groups_sync(**kwargs: object) -> None:
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    staff, _ = Group.objects.get_or_create(name=MINISTRY_STAFF)
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS)
    moderate = Permission.objects.filter(
        content_type__app_label="accounts", codename="moderate_content"
    )
    manage = Permission.objects.filter(
        content_type__app_label="accounts", codename="manage_consultation"
    )
    analyse = Permission.objects.filter(
        content_type__app_label="accounts", codename="analyse_answers"
    )
    moderators.permissions.add(*moderate)
    # Ministry staff may do an analyst's work too; analysts only that.
    analysts.permissions.add(*analyse)
    wanted = Q(pk__in=[p.pk for p in [*moderate, *manage, *analyse]])
    for app_label, models in STAFF_MODEL_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, content_type__model__in=models)
    for app_label, models in STAFF_READ_ONLY.items():
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__startswith="view_",
        )
    for app_label, codenames in STAFF_EXTRA_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    staff.permissions.add(*Permission.objects.filter(wanted))
