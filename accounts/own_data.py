"""What a participant downloads from "Download your data".

The account's own fields are here; each app registers the part it holds (answers,
forum threads, posts, flags and subscriptions, moderation decisions, feedback) from
its `AppConfig.ready()`, so that this app needs to import none of them and the
order of imports cannot leave a part out.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress

if TYPE_CHECKING:
    from accounts.models import User

_sections: dict[str, Callable[[Any], Any]] = {}


def own_data_section_register(name: str, function: Callable[[Any], Any]) -> None:
    """Add `function(user) -> JSON-ready value` to the download under the key `name`."""
    _sections[name] = function


def own_data_collect(user: "User") -> dict[str, Any]:
    email_addresses = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user)
    ]
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "email_addresses": email_addresses,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "suspended_until": (user.suspended_until.isoformat() if user.suspended_until else None),
            "suspension_reason": user.suspension_reason,
        },
        "profile": {
            "province": user.province,
            "age_range": user.age_range,
            "respondent_type": user.respondent_type,
            "organisation_name": user.organisation_name,
            "profile_completed_at": (
                user.profile_completed_at.isoformat() if user.profile_completed_at else None
            ),
        },
    }
    for name, function in _sections.items():
        data[name] = function(user)
    return data
