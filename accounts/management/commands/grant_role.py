from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ROLE_GROUPS, role_grant, role_revoke


class Command(BaseCommand):
    help = "Grant (or with --revoke, take away) the moderator or staff role of an account."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=sorted(ROLE_GROUPS))
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, email, role, revoke, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        if revoke:
            role_revoke(user=user, role=role)
            self.stdout.write(f"{user.email} is no longer in {ROLE_GROUPS[role]}.")
        else:
            role_grant(user=user, role=role)
            self.stdout.write(f"{user.email} is now in {ROLE_GROUPS[role]}.")
