"""Prepare a portal's database for a fault or load run, and print what was made as JSON.

Run with the portal's environment: `python -m tests.faults.seed --participants 20`.
Loads the demo consultation once, then creates participants with a verified e-mail
address (so they can sign in through the real form), a moderator and a staff member,
all with the same password. Running it again reuses what exists.
"""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

PASSWORD = "faults-password-for-loopback-only-42"


def _user(email: str, role: str | None = None) -> str:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from accounts.roles import role_grant

    user, created = get_user_model().objects.get_or_create(email=email)
    if created:
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        if role:
            role_grant(user=user, role=role)
    return email


def seed(participants: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.utils import translation

    from dialogue.models import Chapter, Consultation
    from forum.models import Board, Thread
    from moderation.models import Status
    from questions.models import Question

    if not Consultation.objects.exists():
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", stdout=quiet)
    consultation = Consultation.objects.get(is_current=True)
    with translation.override("en"):
        chapters = [c.get_absolute_url() for c in Chapter.objects.filter(consultation=consultation)]
    return {
        "password": PASSWORD,
        "participants": [_user(f"participant{n}@faults.example.org") for n in range(participants)],
        "moderator": _user("moderator@faults.example.org", "moderator"),
        "staff": _user("staff@faults.example.org", "staff"),
        "questions": list(
            Question.objects.filter(consultation=consultation).values_list("pk", flat=True)
        ),
        "boards": list(
            Board.objects.filter(consultation=consultation).values_list("slug_en", flat=True)
        ),
        "threads": list(
            Thread.objects.filter(board__consultation=consultation, status=Status.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        "chapters": chapters,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    json.dump(seed(options.participants), sys.stdout)


if __name__ == "__main__":
    main()
