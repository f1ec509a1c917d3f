"""Time the moderation queue with a large backlog: load a page of 50 items, and
load then decide a page of 50 (one bulk publish), against the chapter page.

On PostgreSQL, in a database of its own:

    createdb -h 127.0.0.1 -U postgres moderation_br_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/moderation_br_bench
    python manage.py migrate
    DEBUG=true python bench/moderation_queue.py --waiting 100000 --rounds 20

(`DEBUG=true` only so that static files are found without `collectstatic`.)

The run publishes the items it loads; the next run on the same database first puts
them back in the queue (status, decisions, search documents, e-mails and claims of
the bench's own authors and moderator), so the figures are always taken with
`--waiting` items waiting. `--setup-only` builds or resets the data and stops (it
can run beside other work; only the timed part needs a quiet machine).

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
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The test client speaks plain HTTP: no redirect to HTTPS when DEBUG is off.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django

django.setup()

# Start up as the web process does, garbage collector settings included.
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.http.response import HttpResponseBase  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

import config.wsgi  # noqa: E402, F401
from accounts.roles import role_grant  # noqa: E402
from dialogue.models import Chapter, SearchEntry  # noqa: E402
from moderation.models import Claim, ModerationDecision, Status  # noqa: E402
from outbox.models import OutboxEmail  # noqa: E402
from questions.models import Answer  # noqa: E402
from tests.dialogue.factories import ChapterFactory  # noqa: E402
from tests.questions.factories import QuestionFactory  # noqa: E402

AUTHORS = 200
AUTHOR_EMAIL = "bench-author-{n}@example.org"
MODERATOR_EMAIL = "bench-moderator@example.org"


def reset() -> int:
    """Put back in the queue what an earlier run decided; returns how many items.

    Only the bench's own answers (its authors') are touched: their status and the
    fields a decision sets, their decisions (the log is append-only for the portal,
    so the rows go by a plain DELETE), search documents and author e-mails, and the
    bench moderator's claims.
    """
    bench_answers = Answer.objects.filter(author__email__startswith="bench-author-")
    decided = list(bench_answers.exclude(status=Status.PENDING).values_list("pk", flat=True))
    with transaction.atomic():
        if decided:
            Answer.objects.filter(pk__in=decided).update(
                status=Status.PENDING, reason="", moderator_note="", published_at=None
            )
        answer_type = ContentType.objects.get_for_model(Answer)
        decisions = ModerationDecision.objects.filter(
            target_type=answer_type, target_id__in=bench_answers.values("pk")
        )
        decisions._raw_delete(decisions.db)
        SearchEntry.objects.filter(kind="answer", object_id__in=bench_answers.values("pk")).delete()
        OutboxEmail.objects.filter(to__startswith="bench-author-").delete()
        Claim.objects.filter(moderator__email=MODERATOR_EMAIL).delete()
    return len(decided)


def generate(waiting: int) -> None:
    """`waiting` pending answers over enough questions for one answer per author each."""
    reset()
    if Answer.objects.filter(status=Status.PENDING).count() >= waiting:
        return
    user_model = get_user_model()
    with transaction.atomic():
        chapter = ChapterFactory()
        questions = [QuestionFactory(chapter=chapter) for _ in range(waiting // AUTHORS + 1)]
        authors = user_model.objects.bulk_create(
            [user_model(email=AUTHOR_EMAIL.format(n=n)) for n in range(AUTHORS)]
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


def page_chapter() -> Chapter:
    """The chapter whose page sets the budget: one without questions, made once."""
    chapter = Chapter.objects.filter(questions__isnull=True).order_by("pk").first()
    if chapter is not None:
        return chapter
    last = Chapter.objects.aggregate(last=Max("order"))["last"] or 0
    existing = Chapter.objects.first()
    return ChapterFactory(
        **({"consultation": existing.consultation} if existing is not None else {}),
        order=last + 1,
        slug_en=f"bench-chapter-{last + 1}",
        slug_fr=f"chapitre-banc-{last + 1}",
    )


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
    parser.add_argument("--setup-only", action="store_true", help="build or reset, then stop")
    args = parser.parse_args()
    generate(args.waiting)
    if args.setup_only:
        return 0
    moderator, _ = get_user_model().objects.get_or_create(email=MODERATOR_EMAIL)
    role_grant(user=moderator, role="moderator")
    client = Client()
    client.force_login(moderator)
    chapter = page_chapter()
    chapter_url = f"/en{chapter.get_absolute_url()[3:]}"
    results: dict[str, list[float]] = {
        name: [] for name in ("chapter", "queue", "filtered", "decide 50", "load and decide")
    }
    for _ in range(args.rounds):
        results["chapter"].append(timed(lambda: client.get(chapter_url)))
        results["queue"].append(timed(lambda: client.get("/en/moderation/")))
        results["filtered"].append(
            timed(lambda: client.get("/en/moderation/?kind=answer&language=fr&pii=on&sort=newest"))
        )

        load_start = time.perf_counter()
        page = client.get("/en/moderation/")
        loaded = (time.perf_counter() - load_start) * 1000
        keys = [
            part.split('"')[0] for part in page.content.decode().split('name="items" value="')[1:]
        ]
        decided = timed(
            partial(client.post, "/en/moderation/bulk/", {"items": keys, "action": "publish"})
        )
        results["decide 50"].append(decided)
        results["load and decide"].append(loaded + decided)
    waiting = Answer.objects.filter(status=Status.PENDING).count()
    print(f"{'page':<16}{'p50 ms':>10}{'p95 ms':>10}{'p95 / ch':>10}   ({waiting} still waiting)")
    chapter_p95 = figures(results["chapter"])[1]
    failed = False
    for name, samples in results.items():
        p50, p95 = figures(samples)
        # Every request has the budget of three chapter pages; loading then deciding
        # is two requests.
        budget = chapter_p95 * (6 if name == "load and decide" else 3)
        over = name != "chapter" and p95 > budget
        failed |= over
        ratio = f"{p95 / chapter_p95:.1f} ×"
        print(f"{name:<16}{p50:>10.1f}{p95:>10.1f}{ratio:>10}{'   over budget' if over else ''}")
    print(f"budget: 3 × chapter p95 = {chapter_p95 * 3:.1f} ms a request")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
