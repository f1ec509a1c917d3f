"""Time the moderation queue with a large backlog: load a page of 50 items, and
load then decide a page of 50 (one bulk publish), against the chapter page.

On PostgreSQL, in a database of its own:

    createdb -h 127.0.0.1 -U postgres moderation_br_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/moderation_br_bench
    python manage.py migrate
    python bench/moderation_queue.py --waiting 100000 --rounds 20

Prints p50 and p95 (milliseconds) for the chapter page, the queue page (with and
without filters) and "load and decide 50"; exits 1 when a queue figure's p95 is over
three times the chapter page's (the portal's budget for every page).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http.response import HttpResponseBase  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.roles import role_grant  # noqa: E402
from moderation.models import Status  # noqa: E402
from questions.models import Answer  # noqa: E402
from tests.dialogue.factories import ChapterFactory  # noqa: E402
from tests.questions.factories import QuestionFactory  # noqa: E402

AUTHORS = 200


def generate(waiting: int) -> None:
    """`waiting` pending answers over enough questions for one answer per author each."""
    if Answer.objects.filter(status=Status.PENDING).count() >= waiting:
        return
    user_model = get_user_model()
    with transaction.atomic():
        chapter = ChapterFactory()
        questions = [QuestionFactory(chapter=chapter) for _ in range(waiting // AUTHORS + 1)]
        authors = user_model.objects.bulk_create(
            [user_model(email=f"bench-author-{n}@example.org") for n in range(AUTHORS)]
        )
        now = timezone.now()
        rows = []
        for index in range(waiting):
            question = questions[index // AUTHORS]
            rows.append(
                Answer(
                    question=question,
                    author=authors[index % AUTHORS],
                    body=f"Answer {index}: trade first, then aid; call 613-555-0101.",
                    language="fr" if index % 3 else "en",
                    status=Status.PENDING,
                    pii_detected=index % 5 == 0,
                    submitted_at=now - datetime.timedelta(seconds=waiting - index),
                    consent_to_publish=True,
                )
            )
        Answer.objects.bulk_create(rows, batch_size=5000)


def timed(call: Callable[[], HttpResponseBase]) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code not in (200, 302):
        raise SystemExit(f"unexpected status {response.status_code}")
    return elapsed


def figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--waiting", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    generate(args.waiting)
    moderator, _ = get_user_model().objects.get_or_create(email="bench-moderator@example.org")
    role_grant(user=moderator, role="moderator")
    client = Client()
    client.force_login(moderator)
    chapter = ChapterFactory()
    chapter_url = f"/en{chapter.get_absolute_url()[3:]}"
    results: dict[str, list[float]] = {
        name: [] for name in ("chapter", "queue", "filtered", "decide 50")
    }
    for _ in range(args.rounds):
        results["chapter"].append(timed(lambda: client.get(chapter_url)))
        results["queue"].append(timed(lambda: client.get("/en/moderation/")))
        results["filtered"].append(
            timed(lambda: client.get("/en/moderation/?kind=answer&language=fr&pii=on&sort=newest"))
        )

        def load_and_decide() -> HttpResponseBase:
            page = client.get("/en/moderation/")
            keys = [
                part.split('"')[0]
                for part in page.content.decode().split('name="items" value="')[1:]
            ]
            return client.post("/en/moderation/bulk/", {"items": keys, "action": "publish"})

        results["decide 50"].append(timed(load_and_decide))
    waiting = Answer.objects.filter(status=Status.PENDING).count()
    print(f"{'page':<12}{'p50 ms':>10}{'p95 ms':>10}   ({waiting} still waiting)")
    budget = figures(results["chapter"])[1] * 3
    failed = False
    for name, samples in results.items():
        p50, p95 = figures(samples)
        over = name != "chapter" and p95 > budget
        failed |= over
        print(f"{name:<12}{p50:>10.1f}{p95:>10.1f}{'   over budget' if over else ''}")
    print(f"budget (3 × chapter p95): {budget:.1f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
