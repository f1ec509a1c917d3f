"""Fill a consultation with made-up answers and forum posts, for benchmarks and tests."""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reports.generated_data import consultation_data_generate


class Command(BaseCommand):
    help = (
        "Add N answers and M forum posts (and the people who wrote them) to a consultation, "
        "made up when it does not exist yet. Bulk SQL on PostgreSQL, bulk_create elsewhere."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--answers", type=int, default=10_000, help="answers to add")
        parser.add_argument("--posts", type=int, default=2_000, help="forum posts to add")
        parser.add_argument(
            "--consultation",
            metavar="SLUG",
            help="the consultation to fill (its English or French slug); a new one is "
            "created, and made current, when no consultation has this slug",
        )
        parser.add_argument("--seed", type=int, default=14, help="the random seed")
        parser.add_argument(
            "--no-search",
            action="store_true",
            help="do not write search documents for the new answers and posts",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["answers"] < 0 or options["posts"] < 0:
            raise CommandError("--answers and --posts cannot be negative.")
        summary = consultation_data_generate(
            answers=options["answers"],
            posts=options["posts"],
            slug=options["consultation"],
            seed=options["seed"],
            search=not options["no_search"],
            progress=lambda line: self.stdout.write(f"  {line}"),
        )
        self.stdout.write(self.style.SUCCESS(summary.line()))
