from django.conf import settings
from django.core.management.base import BaseCommand

from dialogue.demo import demo_accounts_create, demo_content_load


class Command(BaseCommand):
    help = "Load the bilingual demo consultation; with DEBUG on, also demo accounts."

    def handle(self, *args, **options):
        summary = demo_content_load()
        self.stdout.write(summary)
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts were created.")
            return
        accounts = demo_accounts_create()
        self.stdout.write("Demo accounts (e-mail already verified):")
        for email, password, role in accounts:
            self.stdout.write(f"  {role:<13} {email}  password: {password}")
        self.stdout.write("Sign in at http://127.0.0.1:8000/en/accounts/login/")
