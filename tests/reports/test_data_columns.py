"""The open-data columns are described once: the file headers and the data dictionary
come from the same definition, and no second list of the names is written anywhere."""

import ast
import csv
import io
from pathlib import Path

import pytest

from reports import datafiles

REPORTS = Path(datafiles.__file__).parent


def _dictionary_rows() -> list[dict[str, str]]:
    stream = io.StringIO()
    datafiles.dictionary_write(stream)
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def test_the_dictionary_describes_the_answer_columns_in_file_order() -> None:
    rows = _dictionary_rows()
    answers = [row["column"] for row in rows if row["file"] == datafiles.ANSWER_FILES]
    aggregates = [row["column"] for row in rows if row["file"] == datafiles.AGGREGATE_FILES]
    assert answers == datafiles.ANSWER_COLUMNS
    assert aggregates == datafiles.AGGREGATE_COLUMNS
    assert all(row["description_en"] and row["description_fr"] for row in rows)


def _literal_lists(names: set[str]) -> list[str]:
    """Every list, tuple or set literal in reports/ that spells all of the names: a second
    header. (The staff export and the grouped figures share some names, not the set.)"""
    found: list[str] = []
    for path in sorted(REPORTS.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.List | ast.Tuple | ast.Set):
                continue
            spelled = {
                element.value
                for element in node.elts
                if isinstance(element, ast.Constant) and element.value in names
            }
            if spelled == names:
                found.append(f"{path.relative_to(REPORTS.parent)}:{node.lineno}")
    return found


def test_no_second_list_of_the_column_names() -> None:
    assert _literal_lists(set(datafiles.ANSWER_COLUMNS)) == []
    assert _literal_lists(set(datafiles.AGGREGATE_COLUMNS)) == []


def test_the_checker_finds_a_second_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "reports"
    copy.mkdir()
    second = repr(list(reversed(datafiles.ANSWER_COLUMNS)))
    (copy / "second.py").write_text(f"HEADER = {second}\n")
    monkeypatch.setattr("tests.reports.test_data_columns.REPORTS", copy)
    assert _literal_lists(set(datafiles.ANSWER_COLUMNS)) == ["reports/second.py:1"]
