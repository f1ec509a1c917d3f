"""Cells of the files people open in a spreadsheet (every CSV and XLSX export)."""

from collections.abc import Iterable
from typing import Any

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_cell(value: Any) -> Any:
    """`value` safe to put in a cell: a text a spreadsheet would run as a formula gets a
    leading apostrophe, and nothing is written for `None`."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]
