"""The profile's fields are listed once: the profile page and the admin show the same."""

from django.contrib import admin

from accounts.forms import ProfileForm
from accounts.models import PROFILE_FIELDS, User


def test_the_profile_page_and_the_admin_show_the_profile_fields() -> None:
    assert list(ProfileForm.base_fields) == list(PROFILE_FIELDS)
    fieldsets = admin.site._registry[User].fieldsets or ()
    profile = [options["fields"] for name, options in fieldsets if name == "Profile"]
    assert profile == [PROFILE_FIELDS]
