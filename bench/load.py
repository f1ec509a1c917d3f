"""Signed-in participants reading and writing for a fixed time, then a database check.

Each simulated participant (one thread) signs in through the real form, then until
the time is up reads chapter pages, the forum and View Answers, answers questions,
replies in threads and starts threads, pausing a moment between actions as a person
does. Every response is counted by status and every write by outcome; at the end
the database is read back: every acknowledged write must be there exactly once.

Against a portal this script starts itself (PostgreSQL, Redis, SMTP sink, gunicorn,
Celery worker and beat on private ports; see tests/faults/harness.py):

    python bench/load.py --harness --participants 200 --duration 120

Against a portal already running (its database reachable at DATABASE_URL, which
the script also uses to create the participants):

    DATABASE_URL=postgres://... python bench/load.py --url http://127.0.0.1:8000 \\
        --participants 20 --duration 20

Exits 1 when a response was 5xx or an acknowledged write is missing or doubled.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.faults.client import Participant, Tally, writes_check

# How often each action is picked: mostly reading, as on the real site.
ACTIONS = {"read": 6, "answer": 2, "reply": 2, "thread": 1}
SIGN_IN_ATTEMPTS = 20


@dataclass
class Result:
    tally: Tally
    problems: list[str]
    participants: int
    duration: float

    @property
    def passed(self) -> bool:
        return not self.tally.server_errors() and not self.problems

    def table(self) -> str:
        lines = [f"{'request':<24}{'status':>14}{'count':>10}", "-" * 48]
        for key, count in sorted(self.tally.statuses.items()):
            kind, _, status = key.partition(" ")
            lines.append(f"{kind:<24}{status:>14}{count:>10}")
        total = sum(self.tally.statuses.values())
        lines += [
            "-" * 48,
            f"{'all requests':<38}{total:>10}",
            f"{'requests per second':<38}{total / self.duration:>10.1f}",
            "",
            f"{'write':<12}{'sent':>8}{'acknowledged':>14}{'in database once':>18}",
        ]
        for kind in ("answer", "reply", "thread"):
            writes = [w for w in self.tally.writes if w.kind == kind]
            acknowledged = [w for w in writes if w.acknowledged]
            bad = sum(1 for p in self.problems if f" {kind} " in f" {p}")
            lines.append(
                f"{kind:<12}{len(writes):>8}{len(acknowledged):>14}{len(acknowledged) - bad:>18}"
            )
        lines += [
            "",
            f"5xx responses: {sum(self.tally.server_errors().values())}",
            f"acknowledged writes lost or doubled: {len(self.problems)}",
            "PASSED" if self.passed else "FAILED",
        ]
        return "\n".join(lines)


def _sign_in(person: Participant, stop: threading.Event) -> bool:
    # All participants come from one address: allauth's per-address limit (30 a minute)
    # answers 429 to a crowd signing in at once, so they wait and try again.
    for _attempt in range(SIGN_IN_ATTEMPTS):
        if person.sign_in():
            return True
        if stop.wait(3 + random.random() * 3):
            return False
    return False


def _participant(
    person: Participant, seeded: dict[str, Any], deadline: float, stop: threading.Event
) -> None:
    rng = random.Random()
    if not _sign_in(person, stop):
        return
    while time.monotonic() < deadline and not stop.is_set():
        action = rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        if action == "read":
            person.get(
                rng.choice(
                    [*seeded["chapters"], "/en/forum/", "/en/answers/", "/en/questions/", "/en/"]
                )
            )
        elif action == "answer":
            person.answer(rng.choice(seeded["questions"]))
        elif action == "reply":
            person.reply(rng.choice(seeded["threads"]))
        else:
            person.thread_create(rng.choice(seeded["boards"]))
        stop.wait(rng.uniform(0.5, 1.5))  # a person reads before the next click


def load_run(
    *,
    url: str,
    seeded: dict[str, Any],
    sql: Any,
    participants: int,
    duration: float,
) -> Result:
    """Run the load for `duration` seconds of writing, then check the database."""
    tally = Tally()
    emails = seeded["participants"]
    people = [
        Participant(url, emails[n % len(emails)], seeded["password"], tally=tally, timeout=60)
        for n in range(participants)
    ]
    stop = threading.Event()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(target=_participant, args=(p, seeded, deadline, stop), daemon=True)
        for p in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 90)
    stop.set()
    elapsed = time.monotonic() - started
    return Result(tally, writes_check(tally.writes, sql), participants, elapsed)


def _seed(participants: int) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.faults.seed", "--participants", str(participants)],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20, help="seconds")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--harness", action="store_true", help="start a private portal on the faults ports"
    )
    options = parser.parse_args()
    if options.harness:
        from tests.faults.harness import Portal

        # Every simulated participant signs in from 127.0.0.1: allauth's per-address
        # limit (30 sign-ins a minute) would measure the limit, not the portal.
        portal = Portal(
            participants=options.participants,
            extra_env={"ACCOUNT_RATE_LIMITS_ENABLED": "false"},
        )
        # Stopped with SIGTERM, still take the private services down.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        try:
            portal.start()
            result = load_run(
                url=portal.url,
                seeded=portal.seeded,
                sql=portal.sql,
                participants=options.participants,
                duration=options.duration,
            )
        finally:
            portal.close()
    else:
        import psycopg

        seeded = _seed(options.participants)

        def sql(query: str, *params: Any) -> list[tuple[Any, ...]]:
            with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
                return connection.execute(query, params).fetchall()

        result = load_run(
            url=options.url.rstrip("/"),
            seeded=seeded,
            sql=sql,
            participants=options.participants,
            duration=options.duration,
        )
    print(
        f"{result.participants} participants, {options.duration:.0f} s of load "
        f"({result.duration:.0f} s with sign-in and the last responses)\n"
    )
    print(result.table())
    for problem in result.problems[:20]:
        print(problem)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
