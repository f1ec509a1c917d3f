"""`manage.py report_run`: a report in the foreground, through the worker's service."""

import threading
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


@pytest.mark.django_db(transaction=True)
def test_questions_computed_side_by_side_give_the_same_parts(settings, monkeypatch) -> None:
    """On PostgreSQL, outside a transaction, the process computes two questions at a
    time, each on its own connection; the parts are those of one at a time."""
    from django.db import connection

    from reports import services
    from reports.models import ReportPart

    if connection.vendor != "postgresql":
        pytest.skip("one connection at a time elsewhere")
    call_command(
        "generate_consultation_data", answers=300, posts=0, consultation="two", stdout=StringIO()
    )
    threads: set[str] = set()
    part_data = services.part_data

    def recorded(**kwargs: object) -> object:
        threads.add(threading.current_thread().name)
        return part_data(**kwargs)  # type: ignore[arg-type]  # the same keywords, passed on

    monkeypatch.setattr(services, "part_data", recorded)
    parts = {}
    for count in (2, 1):
        settings.REPORT_PART_THREADS = count
        call_command("report_run", consultation="two", stdout=StringIO())
        run = ReportRun.objects.latest("pk")
        assert run.state == RunState.SUCCEEDED, run.error
        parts[count] = dict(ReportPart.objects.filter(run=run).values_list("question_id", "data"))
        if count == 2:
            assert len({name for name in threads if name.startswith("report-")}) == 2
    assert len(parts[2]) > 2 and parts[2] == parts[1]
