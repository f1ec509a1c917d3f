"""Rows read from PostgreSQL in large batches through a server-side cursor, and the
SQL side of the personal-information check.

The answer files and the staff export read every answer once. On PostgreSQL the
rows come through a named (server-side) cursor, `BATCH` at a time, with dates
already formatted by the database and a flag saying whether a text may hold an
address or a number; only flagged texts go through `moderation.pii.pii_mask`, so
the output is the same as masking every text, at a fraction of the cost.
"""

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connection

# Rows fetched per round trip; the tests make it small to cross batch boundaries.
BATCH = 10_000

# Characters that can appear in a text the masking leaves alone for sure: letters of
# English and French, spaces and common punctuation. A text with anything else (a
# digit of any script, "@" or a look-alike, "&", brackets, invisible characters...)
# or with the words the spelt-out forms need ("at"/"arobase" and "dot"/"point") is
# flagged, and `pii_mask` decides. The flag is a superset of `pii._MAYBE`: never a
# text that needs masking unflagged, sometimes a harmless one flagged.
_PLAIN = "a-zA-Z àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ.,;:!?'\"’‘“”«»…%*_`~/=+\n\r\t\u00a0-"


def maybe_pii_sql(column: str) -> str:
    """A boolean SQL expression: True when `column` may hold an address or a number.
    Written for a query executed with parameters (its "%" is doubled)."""
    plain = _PLAIN.replace("%", "%%").replace("'", "''")
    return (
        f"({column} ~ '[^{plain}]' OR ({column} ~* '(at|arobase)' AND {column} ~* '(dot|point)'))"
    )


def local_date_sql(column: str) -> str:
    """`timezone.localdate(value).isoformat()`, computed by PostgreSQL."""
    zone = settings.TIME_ZONE.replace("'", "")
    return f"to_char({column} AT TIME ZONE '{zone}', 'YYYY-MM-DD')"


def local_iso_sql(column: str) -> str:
    """`timezone.localtime(value).isoformat()` (empty for NULL), computed by PostgreSQL:
    local date and time, microseconds when there are any, then the UTC offset."""
    zone = settings.TIME_ZONE.replace("'", "")
    local = f"({column} AT TIME ZONE '{zone}')"
    minutes = f"(extract(epoch FROM {local} - ({column} AT TIME ZONE 'UTC'))::int / 60)"
    return (
        f"coalesce(to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') "
        f"|| CASE WHEN to_char({local}, 'US') = '000000' THEN '' "
        f"ELSE '.' || to_char({local}, 'US') END "
        f"|| CASE WHEN {minutes} < 0 THEN '-' ELSE '+' END "
        f"|| lpad((abs({minutes}) / 60)::text, 2, '0') || ':' "
        f"|| lpad((abs({minutes}) %% 60)::text, 2, '0'), '')"
    )


def csv_cell_sql(expression: str) -> str:
    """The text `csv.writer` writes for `config.spreadsheets.csv_cell(value)` of a text
    column, by PostgreSQL: a leading formula character neutralised, the cell quoted
    when it holds a comma, a double quote or a line break (QUOTE_MINIMAL), NULL as empty."""
    safe = (
        f"(CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') "
        f"THEN '''' || {expression} ELSE {expression} END)"
    )
    return (
        f"""coalesce(CASE WHEN {safe} ~ '[,"\\r\\n]' """
        f"""THEN '"' || replace({safe}, '"', '""') || '"' ELSE {safe} END, '')"""
    )


def csv_line_sql(expressions: list[str]) -> str:
    """One CSV line of the text `expressions`, ended as csv.writer ends it (CR LF)."""
    return " || ',' || ".join(csv_cell_sql(e) for e in expressions) + " || E'\\r\\n'"


def rows_stream(
    sql: str, params: Sequence[Any], *, batch: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """Every row of `sql` (executed with `params`), read `batch` rows at a time through a
    server-side cursor. Outside a transaction the cursor is WITH HOLD, so the caller
    can write its progress (committed at once) while it reads."""
    size = batch or BATCH
    connection.ensure_connection()
    hold = connection.get_autocommit()
    name = f"report_rows_{next(_names)}"
    with connection.connection.cursor(name=name, withhold=hold) as cursor:
        cursor.itersize = size
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield from rows


_names = itertools.count(1)
