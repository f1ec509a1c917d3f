import sys

from django.core.management.base import BaseCommand, CommandError

from dialogue.models import Consultation
from dialogue.paper_io import paper_export


class Command(BaseCommand):
    help = "Write a consultation (the current one by default) as a bilingual YAML paper file."

    def add_arguments(self, parser):
        parser.add_argument("--slug", help="English slug of the consultation")
        parser.add_argument("--output", help="File to write; standard output by default")

    def handle(self, *args, slug, output, **options):
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
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"Wrote {output}.")
        else:
            sys.stdout.write(text)
