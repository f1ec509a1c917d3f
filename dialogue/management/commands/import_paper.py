import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from dialogue.paper_io import PaperError, paper_import, paper_zip_unpack


class Command(BaseCommand):
    help = (
        "Create or update a consultation from a bilingual YAML paper file, or a .zip "
        "holding one with its files (all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE[:2],
            help="Language of the messages (default: the site's).",
        )
        parser.add_argument(
            "--not-current", action="store_true", help="Do not make it the current consultation."
        )

    def handle(
        self, *args: Any, file: str, not_current: bool, language: str, **options: Any
    ) -> None:
        with translation.override(language), tempfile.TemporaryDirectory() as unpacked:
            try:
                source = (
                    paper_zip_unpack(Path(file), Path(unpacked))
                    if file.endswith(".zip")
                    else Path(file)
                )
                text = source.read_text(encoding="utf-8")
            except (OSError, zipfile.BadZipFile) as error:
                raise CommandError(f"Cannot read {file}: {error}") from error
            except PaperError as error:
                raise CommandError(f"{file}: {error} " + _("Nothing was changed.")) from error
            try:
                # Files named in the paper are read from the folder beside it.
                consultation = paper_import(
                    text, make_current=not not_current, bundle=source.parent
                )
            except PaperError as error:
                raise CommandError(f"{file}: {error} " + _("Nothing was changed.")) from error
        self.stdout.write(f"Imported “{consultation.title_en}” from {file}.")
