from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dialogue.paper_io import PaperError, paper_import


class Command(BaseCommand):
    help = "Create or update a consultation from a bilingual YAML paper file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--not-current", action="store_true", help="Do not make it the current consultation."
        )

    def handle(self, *args, file, not_current, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            consultation = paper_import(text, make_current=not not_current)
        except PaperError as error:
            raise CommandError(f"{file}: {error} Nothing was changed.") from error
        self.stdout.write(f"Imported “{consultation.title_en}” from {file}.")
