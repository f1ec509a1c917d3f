"""The short form of `bench/load.py`: 20 signed-in participants for 20 seconds."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.faults


def _load_module():
    path = Path(__file__).resolve().parents[2] / "bench" / "load.py"
    spec = importlib.util.spec_from_file_location("bench_load", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_twenty_participants_for_twenty_seconds_no_5xx_and_every_write_kept_once(live_portal):
    load = _load_module()
    result = load.load_run(
        url=live_portal.url,
        seeded=live_portal.seeded,
        sql=live_portal.sql,
        participants=20,
        duration=20,
    )
    print(result.table())  # noqa: T201 - the figures, with -s or on failure
    writes = [w for w in result.tally.writes if w.acknowledged]
    assert len(writes) > 20, result.table()
    assert result.tally.server_errors() == {}
    assert result.problems == []
