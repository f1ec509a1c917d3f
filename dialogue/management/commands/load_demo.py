from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from dialogue.demo import demo_accounts_create, demo_content_load

# Each app's demo content, added after the paper: answers, forum threads.
DEMO_STEPS = [
    "questions.demo.demo_answers_create",
    "forum.demo.demo_forum_create",
    "sitepages.demo.demo_site_pages_create",
    # A closed consultation with hundreds of answers and a written report.
    "reports.demo.demo_closed_report_create",
]


class Command(BaseCommand):
    help = "Load the bilingual demo consultation; with DEBUG on, also demo accounts."

    def handle(self, *args, **options):
        consultation, summary = demo_content_load()
        self.stdout.write(summary)
        for dotted_path in DEMO_STEPS:
            try:
                step = import_string(dotted_path)
            except ImportError:
                continue
            step(consultation)
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts were created.")
            return
        accounts = demo_accounts_create()
        self.stdout.write("Demo accounts (e-mail already verified):")
        for email, password, role in accounts:
            self.stdout.write(f"  {role:<13} {email}  password: {password}")
        self.stdout.write("Sign in at http://127.0.0.1:8000/en/accounts/login/")
