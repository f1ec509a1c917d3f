"""Every public page timed against gunicorn, and throughput next to a bare-Django floor.

Serves the portal on the given database with gunicorn (2 sync workers, `DEBUG=false`,
the default `CONN_MAX_AGE`), through `bench.floor_settings` (the portal's settings
plus `/floor/`, a view that returns "ok" through the same middleware), then:

1. latency: with the page cache off (`PAGE_CACHE_SECONDS=0`, every request rendered),
   one client requests each public page `--samples` times after one warm-up request
   and reports p50 and p95; lists are timed on their first and last page (the largest
   question, board and thread of the consultation);
2. throughput: `wrk` (2 threads, 16 connections, `--duration` seconds) on the chapter
   page and `/floor/` with the page cache off, then on the chapter page, home and
   `/floor/` with the page cache on (the default, as anonymous readers get it), in
   three rounds of floor, chapter, home back to back; the share of the floor is the
   median of each round's ratio.

Targets (issue 14): every page's p95 at most 3 times the chapter page's; a last page
at most 1.5 times its first page (p50); anonymous chapter and home throughput at
least half of the floor's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_pages_bench \\
        REDIS_URL=redis://127.0.0.1:6379/2 python bench/pages.py

`pages_rows()` returns the same rows for `bench/scale.py`'s table.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import requests

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGE_P95_FACTOR = 3.0
DEEP_PAGE_FACTOR = 1.5
THROUGHPUT_SHARE = 0.5
# Rounds of floor / chapter / home throughput, back to back (medians are reported).
ROUNDS = 3


@dataclass
class Row:
    """One line of the table: what was measured, its figure, the floor, the target."""

    what: str
    measured: str
    floor: str
    target: str
    met: bool | None


@dataclass
class Timing:
    path: str
    p50: float
    p95: float


def _server_env(database_url: str, redis_url: str, page_cache_seconds: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        # The bench asks for the search page more often than a reader may.
        "SEARCH_RATE": "1000000/60",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CONN_MAX_AGE", None)  # the default is what is measured
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


@contextlib.contextmanager
def served(env: dict[str, str], port: int) -> Iterator[str]:
    """gunicorn with 2 sync workers on `port` for the block; yields its base URL."""
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 # fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/floor/", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _django_setup(database_url: str) -> None:
    os.environ.update(_server_env(database_url, "", 0))
    import django

    django.setup()


def _last_page(count: int, per_page: int) -> int:
    return max(1, (count + per_page - 1) // per_page)


def public_paths() -> list[tuple[str, str]]:
    """(label, path) of every public page, lists on their first and last page."""
    from django.db import connection
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import translation

    from dialogue.selectors import chapters_public, current_consultation_or_none
    from forum.models import Board, Post, Thread
    from forum.views import POSTS_PER_PAGE, THREADS_PER_PAGE
    from moderation.models import Status
    from questions.models import Answer
    from questions.views import ANSWERS_PER_PAGE

    consultation = current_consultation_or_none()
    if consultation is None:
        raise SystemExit("no current consultation in this database")
    paths: list[tuple[str, str]] = []
    with translation.override("en"):
        for name in (
            "home",
            "minister",
            "paper",
            "interviews",
            "resources",
            "help",
            "privacy",
            "netiquette",
            "partners",
            "about",
            "sitemap",
        ):
            paths.append((name, reverse(f"dialogue:{name}")))
        chapter = chapters_public(consultation).order_by("order", "id").first()
        if chapter is not None:
            paths.append(("chapter", chapter.get_absolute_url()))
        interview = consultation.interviews.first() if hasattr(consultation, "interviews") else None
        if interview is not None:
            paths.append(("interview", interview.get_absolute_url()))
        paths.append(("questions", reverse("questions:index")))
        paths.append(("View Answers", reverse("questions:answers")))
        public = Q(status=Status.PUBLISHED, consent_to_publish=True)
        biggest = (
            Answer.objects.filter(public, question__consultation=consultation)
            .values("question_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if biggest is not None:
            url = reverse("questions:question_answers", kwargs={"pk": biggest["question_id"]})
            last = _last_page(biggest["n"], ANSWERS_PER_PAGE)
            paths.append(("a question's answers, page 1", url))
            paths.append((f"a question's answers, last page ({last})", f"{url}?page={last}"))
            french = Answer.objects.filter(
                public, question_id=biggest["question_id"], language="fr"
            ).count()
            last_fr = _last_page(french, ANSWERS_PER_PAGE)
            paths.append(("… in French, oldest first, page 1", f"{url}?language=fr&order=oldest"))
            paths.append(
                (
                    f"… in French, oldest first, last page ({last_fr})",
                    f"{url}?language=fr&order=oldest&page={last_fr}",
                )
            )
        paths.append(("forum boards", reverse("forum:index")))
        board_row = (
            Thread.objects.filter(board__consultation=consultation, status=Status.PUBLISHED)
            .values("board_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if board_row is not None:
            board = Board.objects.get(pk=board_row["board_id"])
            url = board.get_absolute_url()
            count = Thread.objects.filter(
                board=board, status__in=(Status.PUBLISHED, Status.WITHDRAWN)
            ).count()
            last = _last_page(count, THREADS_PER_PAGE)
            paths.append(("a board's threads, page 1", url))
            paths.append((f"a board's threads, last page ({last})", f"{url}?page={last}"))
            paths.append(("… newest first, page 1", f"{url}?sort=newest"))
            paths.append(("… newest first, last page", f"{url}?sort=newest&page={last}"))
        thread_row = (
            Post.objects.filter(thread__board__consultation=consultation)
            .values("thread_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if thread_row is not None:
            url = reverse("forum:thread", kwargs={"pk": thread_row["thread_id"]})
            last = _last_page(thread_row["n"], POSTS_PER_PAGE)
            paths.append(("a thread, page 1", url))
            paths.append((f"a thread, last page ({last})", f"{url}?page={last}"))
        common, rare = _words(connection, "en")
        paths.append((f"search a common word ({common})", f"/en/search/?q={quote(common)}"))
        paths.append((f"search a rare word ({rare})", f"/en/search/?q={quote(rare)}"))
    with translation.override("fr"):
        if chapter is not None:
            paths.append(("chapter (French)", chapter.get_absolute_url()))
        common, rare = _words(connection, "fr")
        search = reverse("dialogue:search")
        paths.append((f"search a common word, French ({common})", f"{search}?q={quote(common)}"))
        paths.append((f"search a rare word, French ({rare})", f"{search}?q={quote(rare)}"))
    return paths


def _words(connection: "BaseDatabaseWrapper", language: str) -> tuple[str, str]:
    """The most and one of the least frequent words of a sample of the search table."""
    samples = {
        "en": "SELECT vector FROM dialogue_searchentry WHERE language = 'en' "
        "AND vector IS NOT NULL ORDER BY id DESC LIMIT 3000",
        "fr": "SELECT vector FROM dialogue_searchentry WHERE language = 'fr' "
        "AND vector IS NOT NULL ORDER BY id DESC LIMIT 3000",
    }
    sample = samples[language]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE length(word) > 4 ORDER BY ndoc DESC, word LIMIT 1",
            [sample],
        )
        common = cursor.fetchone()
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE length(word) > 5 AND word ~ '^[a-z]+$' "
            "ORDER BY ndoc, word LIMIT 1",
            [sample],
        )
        rare = cursor.fetchone()
    return (common[0] if common else "security", rare[0] if rare else "peacekeeping")


def time_path(base: str, path: str, samples: int) -> Timing:
    """p50 and p95 of `samples` GETs by one client (after one warm-up), in ms."""
    session = requests.Session()
    response = session.get(base + path, timeout=120)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    durations = []
    for _ in range(samples):
        started = time.perf_counter()
        session.get(base + path, timeout=120)
        durations.append((time.perf_counter() - started) * 1000)
        session.cookies.clear()
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    return Timing(path, statistics.median(durations), p95)


def wrk_rate(base: str, path: str, duration: int) -> float:
    """Requests per second wrk gets from `path` with 2 threads and 16 connections."""
    output = subprocess.run(  # noqa: S603 # fixed arguments
        [shutil.which("wrk") or "wrk", "-t2", "-c16", f"-d{duration}s", base + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if match is None or non_2xx is not None:
        raise RuntimeError(f"wrk on {path}: {output}")
    return float(match.group(1))


def pages_rows(
    database_url: str, redis_url: str = "", *, samples: int = 20, duration: int = 10
) -> list[Row]:
    """Time every public page and the throughput against the floor; the table's rows."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    # With DEBUG off pages need the static manifest.
    subprocess.run(  # noqa: S603 # our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=_server_env(database_url, redis_url, 0),
        check=True,
    )
    _django_setup(database_url)
    paths = public_paths()
    rows: list[Row] = []
    port = 8790
    with served(_server_env(database_url, redis_url, 0), port) as base:
        timings = {label: time_path(base, path, samples) for label, path in paths}
        uncached = {
            name: wrk_rate(base, path, duration)
            for name, path in (("floor", "/floor/"), ("chapter", paths_get(paths, "chapter")))
        }
    chapter = timings["chapter"]
    limit = PAGE_P95_FACTOR * chapter.p95
    for label, timing in timings.items():
        rows.append(
            Row(
                what=f"`{timing.path}` ({label})",
                measured=f"p50 {timing.p50:,.0f} ms, p95 {timing.p95:,.0f} ms",
                floor=f"chapter p95 {chapter.p95:,.0f} ms",
                target=f"p95 ≤ {limit:,.0f} ms",
                met=timing.p95 <= limit,
            )
        )
    labels = [label for label, _path in paths]
    for index, label in enumerate(labels):
        if "last page" not in label:
            continue
        # Each last page follows its page 1 in `public_paths`.
        first = timings[labels[index - 1]]
        timing = timings[label]
        rows.append(
            Row(
                what=f"deep page: {label}",
                measured=f"p50 {timing.p50:,.0f} ms",
                floor=f"page 1 p50 {first.p50:,.0f} ms",
                target=f"≤ {DEEP_PAGE_FACTOR}× page 1",
                met=timing.p50 <= DEEP_PAGE_FACTOR * max(first.p50, 1.0),
            )
        )
    with served(_server_env(database_url, redis_url, 60), port) as base:
        cached = _interleaved(base, paths, duration)
    rows.append(
        Row(
            what="chapter throughput, page cache off",
            measured=f"{uncached['chapter']:,.0f} req/s",
            floor=f"{uncached['floor']:,.0f} req/s",
            target="(for reference)",
            met=None,
        )
    )
    for name in ("chapter", "home"):
        rate, floor, share = cached[name]
        rows.append(
            Row(
                what=f"anonymous {name} throughput",
                measured=f"{rate:,.0f} req/s ({share:.0%} of the floor)",
                floor=f"{floor:,.0f} req/s",
                target=f"≥ {THROUGHPUT_SHARE:.0%} of the floor",
                met=share >= THROUGHPUT_SHARE,
            )
        )
    return rows


def _interleaved(
    base: str, paths: list[tuple[str, str]], duration: int, rounds: int = ROUNDS
) -> dict[str, tuple[float, float, float]]:
    """{page: (median req/s, median floor req/s, median share)} over `rounds` rounds of
    floor, chapter, home back to back: on a shared machine the load moves between runs,
    so each page is compared with the floor measured next to it."""
    rates: dict[str, list[float]] = {"floor": [], "chapter": [], "home": []}
    shares: dict[str, list[float]] = {"chapter": [], "home": []}
    for _ in range(rounds):
        floor = wrk_rate(base, "/floor/", duration)
        rates["floor"].append(floor)
        for name in ("chapter", "home"):
            rate = wrk_rate(base, paths_get(paths, name), duration)
            rates[name].append(rate)
            shares[name].append(rate / floor)
    floor_median = statistics.median(rates["floor"])
    return {
        name: (statistics.median(rates[name]), floor_median, statistics.median(shares[name]))
        for name in ("chapter", "home")
    }


def paths_get(paths: list[tuple[str, str]], label: str) -> str:
    return next(path for name, path in paths if name == label)


def table(rows: list[Row]) -> str:
    lines = ["| what | measured | floor | target | met |", "|---|---|---|---|---|"]
    for row in rows:
        verdict = "—" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.what} | {row.measured} | {row.floor} | {row.target} | {verdict} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url (or DATABASE_URL) must name a PostgreSQL database")
    rows = pages_rows(
        args.database_url, args.redis_url, samples=args.samples, duration=args.duration
    )
    print(table(rows))
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
