"""What a participant downloads from "Download your data".

The account's own fields are here; each content app registers the part it
holds (answers, forum posts), so that this app needs to import none of them.
"""

_sections = {}


def own_data_section(name):
    """Register `function(user) -> JSON-ready value` under the key `name`."""

    def register(function):
        _sections[name] = function
        return function

    return register


def own_data_collect(user):
    email_addresses = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in user.emailaddress_set.all()
    ]
    data = {
        "account": {
            "email": user.email,
            "email_addresses": email_addresses,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
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
