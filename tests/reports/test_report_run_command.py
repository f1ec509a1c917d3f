"""`manage.py report_run`: a report in the foreground, through the worker's service."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportRun, RunState

pytestmark = pytest.mark.django_db


def test_report_run_writes_every_file_and_says_so() -> None:
    call_command(
        "generate_consultation_data", answers=120, posts=0, consultation="cmd", stdout=StringIO()
    )
    out = StringIO()
    call_command("report_run", consultation="cmd", stdout=out)
    run = ReportRun.objects.get()
    assert run.state == RunState.SUCCEEDED
    assert run.requested_by is None
    text = out.getvalue()
    assert "100 %  Finished." in text
    assert "answers.csv" in text and "report-fr.pdf" in text
    assert f"run {run.pk} succeeded" in text


def test_report_run_names_a_consultation_it_cannot_find() -> None:
    with pytest.raises(CommandError, match="No consultation with the slug 'nowhere'"):
        call_command("report_run", consultation="nowhere", stdout=StringIO())
