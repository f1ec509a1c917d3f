"""The data side of a large consultation, in one command and one table.

Builds the data set with `manage.py generate_consultation_data` (by default 100,000
answers, then 900,000 more: 1,000,000 answers and 200,000 forum posts), and at each
size runs the report (`manage.py report_run`, its own process, so its peak memory
is its own) next to the floor: PostgreSQL's `COPY` of the same answers to nowhere.
At the largest size it also times the staff export of every answer (the task's body)
next to `COPY` of the same rows. When bench/pages.py exists it runs too, and its
lines follow the table.

    createdb -h 127.0.0.1 -U postgres scale_data_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_data_bench \\
           SECRET_KEY=... DEBUG=true REPORTS_ROOT=/tmp/scale-bench LOG_LEVEL=WARNING
    python manage.py migrate
    python bench/scale.py                       # 100k, then 1M answers / 200k posts
    python bench/scale.py --sizes 20000 100000  # smaller

Run it on an empty database: each size adds answers to the same consultation.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SLUG = "scale-bench"
POSTS_PER_ANSWER = 0.2
PHASES = [  # progress percent where each phase of a report run starts
    (2, "key terms and quotes"),
    (81, "figures"),
    (84, "data files"),
    (88, "HTML and PDF"),
    (98, "checking"),
]


@dataclass
class Row:
    what: str
    measured: str
    floor: str = ""
    ratio: str = ""
    target: str = ""


def _manage(*args: str) -> str:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 # our own manage.py, fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout + f"\nwall {time.perf_counter() - started:.1f}\n"


def _found(pattern: str, out: str, flags: int = 0) -> str:
    """The first group of `pattern` in a command's output; stops the bench without it."""
    match = re.search(pattern, out, flags)
    if match is None:
        sys.stderr.write(out)
        raise SystemExit(f"no {pattern!r} in the command's output")
    return match.group(1)


def _copy_seconds(sql: str, params: list[object]) -> tuple[float, int]:
    """The time PostgreSQL takes to COPY the rows of `sql` to this process (thrown away)."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    size = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
        for block in copy:
            size += len(block)
    return time.perf_counter() - started, size


def _answers_sql() -> str:
    return (
        "SELECT a.* FROM questions_answer a JOIN questions_question q ON q.id = a.question_id "
        "JOIN dialogue_consultation c ON c.id = q.consultation_id WHERE c.slug_en = %s"
    )


def _run_report(total: int) -> list[Row]:
    out = _manage("report_run", "--consultation", SLUG)
    seconds = float(_found(r"succeeded in ([\d.]+) s", out))
    peak = _found(r"peak memory (\d+) MiB", out)
    marks = [
        (int(m.group(1)), float(m.group(2)))
        for m in re.finditer(r"^\s*(\d+) %.*\((\d+) s\)$", out, re.MULTILINE)
    ]
    copy, _size = _copy_seconds(_answers_sql(), [SLUG])
    rows = [
        Row(
            f"report run, {total:,} answers",
            f"{seconds:.1f} s, peak {peak} MiB",
            f"COPY {copy:.1f} s",
            f"{seconds / copy:.1f}×",
            "≤ 10× COPY, memory flat",
        )
    ]
    starts = []
    for percent, name in PHASES:
        at = next((t for p, t in marks if p >= percent), None)
        starts.append((name, at))
    for (name, at), (_next, until) in zip(starts, [*starts[1:], ("end", seconds)], strict=True):
        if at is not None and until is not None:
            rows.append(Row(f"  {name}", f"{max(until - at, 0):.0f} s"))
    return rows


def _export() -> list[Row]:
    from dialogue.models import Consultation
    from moderation.models import Status
    from questions.models import Answer
    from reports.exports import answer_export_execute
    from reports.models import AnswerExport, RunState

    consultation = Consultation.objects.get(slug_en=SLUG)
    export = AnswerExport.objects.create(consultation=consultation)
    started = time.perf_counter()
    answer_export_execute(export.pk)
    seconds = time.perf_counter() - started
    export.refresh_from_db()
    if export.state != RunState.SUCCEEDED:
        raise SystemExit(f"the export failed: {export.error}")
    rows = (
        Answer.objects.filter(question__consultation=consultation)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .order_by("id")
        .values_list("id", "question_id", "language", "status", "submitted_at", "body")
    )
    sql, params = rows.query.sql_with_params()
    copy, _size = _copy_seconds(sql, list(params))
    rate, floor = export.rows_done / seconds, export.rows_done / copy
    return [
        Row(
            f"staff export, {export.rows_done:,} rows",
            f"{seconds:.1f} s, {rate:,.0f} rows/s",
            f"COPY {floor:,.0f} rows/s",
            f"{100 * rate / floor:.0f} % of COPY",
            "≥ 25 % of COPY, complete",
        )
    ]


WIDTHS = [44, 24, 20, 12, 26]


def _line(row: Row) -> str:
    values = [getattr(row, f) for f in Row.__dataclass_fields__]
    return "| " + " | ".join(v.ljust(w) for v, w in zip(values, WIDTHS, strict=True)) + " |"


def _print(rows: list[Row]) -> None:
    """Rows are printed as soon as they are measured: a long run shows what it has."""
    for row in rows:
        print(_line(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[100_000, 1_000_000],
        help="total answers at each step; posts are a fifth of them; "
        "0 alone adds nothing (times the export of what is there)",
    )
    parser.add_argument("--no-export", action="store_true", help="skip the export timing")
    parser.add_argument("--no-report", action="store_true", help="skip the report runs")
    parser.add_argument(
        "--search",
        action="store_true",
        help="also write the search documents (the pages' search needs them; slow at 1M)",
    )
    args = parser.parse_args()

    import django

    django.setup()

    _print([Row("what", "measured", "floor (same run)", "ratio", "target")])
    print("|" + "|".join("-" * (w + 2) for w in WIDTHS) + "|", flush=True)
    have = 0
    for total in sorted(size for size in args.sizes if size > 0):
        adding = total - have
        posts = int(adding * POSTS_PER_ANSWER)
        out = _manage(
            "generate_consultation_data",
            "--answers",
            str(adding),
            "--posts",
            str(posts),
            "--consultation",
            SLUG,
            *([] if args.search else ["--no-search"]),
        )
        wall = _found(r"^wall ([\d.]+)$", out, re.MULTILINE)
        _print(
            [
                Row(
                    f"generate +{adding:,} answers, +{posts:,} posts",
                    f"{wall} s",
                    "",
                    "",
                    "1M in a few minutes",
                )
            ]
        )
        have = total
        if not args.no_report:
            _print(_run_report(total))
    if not args.no_export:
        _print(_export())
    pages = ROOT / "bench" / "pages.py"
    if pages.exists():
        print()
        sys.stdout.flush()
        subprocess.run([sys.executable, str(pages)], check=False)  # noqa: S603


if __name__ == "__main__":
    main()
