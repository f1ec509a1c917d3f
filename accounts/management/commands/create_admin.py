"""`create_admin --email …`: the first administrator, able to sign in without SMTP."""

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import admin_create


class Command(BaseCommand):
    help = (
        "Create a superuser with a verified e-mail address (sign-in requires one, and "
        "e-mail may not work yet). The password is read from ADMIN_PASSWORD or asked for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        password = os.environ.get("ADMIN_PASSWORD") or self._ask_password()
        try:
            user = admin_create(email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Created the administrator {user.email} (e-mail address verified).")

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
