import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dialogue.models import Consultation
from dialogue.paper_io import paper_export, paper_files


class Command(BaseCommand):
    help = (
        "Write a consultation (the current one by default) as a bilingual YAML paper file; "
        "with --output, the files it names are written beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", help="English slug of the consultation")
        parser.add_argument("--output", help="File to write; standard output by default")

    def handle(self, *args: Any, slug: str | None, output: str | None, **options: Any) -> None:
        consultations = Consultation.objects.all()
        consultation = (
            consultations.filter(slug_en=slug).first()
            if slug
            else consultations.filter(is_current=True).first()
        )
        if consultation is None:
            raise CommandError("No such consultation.")
        text = paper_export(consultation)
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            # The files the paper names, under the same relative paths beside it.
            for relative, stored in paper_files(consultation):
                target = path.parent / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with stored.open("rb") as source:
                    target.write_bytes(source.read())
            self.stdout.write(f"Wrote {output}.")
        else:
            sys.stdout.write(text)
