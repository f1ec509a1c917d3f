"""Time a report run over a large consultation and measure its peak memory.

Two steps, each in its own process so that the memory figure of the run is the
run's alone:

    createdb -h 127.0.0.1 -U postgres bench_reports
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports REPORTS_ROOT=/tmp/bench-reports
    python manage.py migrate
    python bench/report_run.py generate --answers 250000
    python bench/report_run.py run

`run` executes the job in-process (no broker needed; the per-question work runs
one question after another) and prints the wall time, the peak resident memory
(`resource.getrusage`) and the size of each output.
"""

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import AgeRange, Province, RespondentType, User  # noqa: E402
from dialogue.models import Chapter, Consultation, ConsultationState  # noqa: E402
from moderation.models import Status  # noqa: E402
from questions.models import Answer, Question  # noqa: E402
from reports.models import ReportRun, RunState  # noqa: E402
from tests.reports.generate import EN_WORDS, FR_WORDS  # noqa: E402

BATCH = 5000
# The same vocabulary as the tests' generated consultation.
WORDS = {"en": EN_WORDS, "fr": FR_WORDS}


def generate(answers, questions):
    rng = random.Random(2026)
    now = timezone.now()
    Consultation.objects.filter(is_current=True).update(is_current=False)
    consultation = Consultation.objects.create(
        title_en="Benchmark consultation",
        title_fr="Consultation d'essai",
        slug_en="bench",
        slug_fr="essai",
        opens_at=now - datetime.timedelta(days=120),
        closes_at=now + datetime.timedelta(days=1),
        state=ConsultationState.OPEN,
    )
    question_rows = []
    for index in range(questions):
        chapter_index = index // 3
        chapter, _ = Chapter.objects.get_or_create(
            consultation=consultation,
            order=chapter_index + 1,
            defaults={
                "title_en": f"Chapter {chapter_index + 1}",
                "slug_en": f"c{chapter_index + 1}",
            },
        )
        question_rows.append(
            Question.objects.create(
                consultation=consultation,
                chapter=chapter,
                order=index + 1,
                text_en=f"Question {index + 1}?",
                text_fr=f"Question {index + 1} ?",
            )
        )
    people = answers // questions + 1
    prefix = f"bench{consultation.pk}-"
    for start in range(0, people, BATCH):
        User.objects.bulk_create(
            User(
                email=f"{prefix}{n}@example.org",
                province=rng.choice(Province.values),
                age_range=rng.choice(AgeRange.values),
                respondent_type=rng.choice(RespondentType.values),
            )
            for n in range(start, min(start + BATCH, people))
        )
    user_ids = list(
        User.objects.filter(email__startswith=prefix).order_by("id").values_list("id", flat=True)
    )
    made = 0
    batch = []
    for question in question_rows:
        for user_id in user_ids:
            if made >= answers:
                break
            language = "fr" if rng.random() < 0.3 else "en"
            body = " ".join(rng.choice(WORDS[language]) for _ in range(rng.randint(20, 120)))
            batch.append(
                Answer(
                    question=question,
                    author_id=user_id,
                    body=body,
                    language=language,
                    consent_to_publish=rng.random() < 0.85,
                    status=Status.PUBLISHED,
                    published_at=now - datetime.timedelta(minutes=rng.randint(60, 60 * 24 * 100)),
                )
            )
            made += 1
            if len(batch) == BATCH:
                Answer.objects.bulk_create(batch)
                batch = []
    if batch:
        Answer.objects.bulk_create(batch)
    print(f"consultation {consultation.pk}: {questions} questions, {made} answers, {people} people")


def run():
    from reports.services import report_run_execute

    consultation = Consultation.objects.get(is_current=True)
    answers = Answer.objects.filter(question__consultation=consultation).count()
    run = ReportRun.objects.create(consultation=consultation, cutoff=timezone.now())
    started = time.perf_counter()
    report_run_execute(run.pk)
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor}, answers: {answers}")
    print(f"run {run.pk}: {run.state} in {elapsed:.1f} s, peak RSS {peak_mib:.0f} MiB")
    if run.state != RunState.SUCCEEDED:
        print(run.error)
        sys.exit(1)
    for output in run.outputs.all():
        print(f"  {output.path:22} {output.size:>12,} bytes  {output.sha256[:16]}…")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("generate")
    make.add_argument("--answers", type=int, default=250_000)
    make.add_argument("--questions", type=int, default=12)
    sub.add_parser("run")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.answers, args.questions)
    else:
        run()


if __name__ == "__main__":
    main()
