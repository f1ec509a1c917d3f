"""The demo consultation and demo accounts, for a first look at the portal."""

from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import role_grant

DEMO_PASSWORD = "demo-dialogue-2026"  # noqa: S105 - demo accounts exist only with DEBUG on
DEMO_ACCOUNTS = [
    ("participant@example.org", "participant"),
    ("moderator@example.org", "moderator"),
    ("staff@example.org", "staff"),
]


@transaction.atomic
def demo_accounts_create():
    User = get_user_model()
    created = []
    for email, role in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(email=email)
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role != "participant":
            role_grant(user=user, role=role)
        created.append((email, DEMO_PASSWORD, role))
    return created


DEMO_PAPER = Path(__file__).with_name("paper.yaml")


def demo_content_load():
    """Import the demo paper through the same path staff use (`import_paper`)."""
    from dialogue.paper_io import paper_import

    consultation = paper_import(DEMO_PAPER.read_text(encoding="utf-8"))
    return consultation, (
        f"Demo consultation “{consultation.title_en}”: "
        f"{consultation.chapters.count()} chapters, {consultation.questions.count()} questions, "
        f"{consultation.interviews.count()} interviews, {consultation.resources.count()} resources."
    )
