"""Run a report in this process, as the worker would, printing its progress."""

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone, translation

from dialogue.models import Consultation
from reports.models import ReportRun, RunState
from reports.services import (
    error_text,
    progress_text,
    progress_watch,
    report_run_execute,
    report_run_start,
)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _ProgressLine:
    """One line redrawn at each step of the run (a new line each time when the output
    is not a terminal), with the time since the start."""

    def __init__(self, write: Callable[..., None], interactive: bool) -> None:
        self.write, self.interactive = write, interactive
        self.started = time.perf_counter()

    def __call__(self, run_id: int, percent: int, note: str) -> None:
        run = ReportRun(state=RunState.RUNNING, progress=percent, progress_note=note)
        self.show(run)

    def show(self, run: ReportRun) -> None:
        elapsed = time.perf_counter() - self.started
        line = f"{run.progress:3d} %  {progress_text(run)}  ({elapsed:.0f} s)"
        if self.interactive:
            self.write(f"\r{line:<78}", ending="")
        else:
            self.write(line)


class Command(BaseCommand):
    help = (
        "Run a report of a consultation (the current one by default) in this process, "
        "through the same service as the worker's task, with a progress line."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--consultation", metavar="SLUG", help="the consultation (English or French slug)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["consultation"]
        consultations = Consultation.objects.all()
        consultation = (
            consultations.filter(Q(slug_en=slug) | Q(slug_fr=slug)).first()
            if slug
            else consultations.filter(is_current=True).first()
        )
        if consultation is None:
            raise CommandError(
                f"No consultation with the slug {slug!r}." if slug else "No current consultation."
            )
        run = report_run_start(
            consultation=consultation, requested_by=None, cutoff=timezone.now(), enqueue=False
        )
        self.stdout.write(f"report run {run.pk} of {consultation.slug_en or consultation.slug}")
        line = _ProgressLine(self.stdout.write, self.stdout.isatty())
        # Every part in this process, in the site's default language.
        with translation.override(settings.LANGUAGE_CODE), progress_watch(line):
            report_run_execute(run.pk, in_process=True)
        elapsed = time.perf_counter() - line.started
        run.refresh_from_db()
        line.show(run)
        if line.interactive:
            self.stdout.write("")
        if run.state != RunState.SUCCEEDED:
            raise CommandError(
                f"run {run.pk} {run.state} after {elapsed:.1f} s: {error_text(run) or run.error}"
            )
        for output in run.outputs.order_by("path"):
            self.stdout.write(f"  {output.path:24} {output.size:>14,} bytes")
        self.stdout.write(
            self.style.SUCCESS(
                f"run {run.pk} succeeded in {elapsed:.1f} s, peak memory {_peak_mib():.0f} MiB"
            )
        )
