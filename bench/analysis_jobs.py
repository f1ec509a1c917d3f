"""Time the two analysis jobs on a database: campaign detection and suggested codes.

    python bench/analysis_jobs.py prepare --answers 1000000     # once per size
    python bench/analysis_jobs.py run --answers 1000000         # each job in its own process
    python bench/analysis_jobs.py run --answers 1000000 --only detection    # or suggestions

`prepare` makes a consultation `analysis-bench-<N>` with one question and fills it with
N answers through `generate_consultation_data` (bulk SQL on PostgreSQL: both
languages, about 88 % published, about 3 % campaign copies). One question holds them
all, the worst case: both jobs work one question (and one language) at a time.

`run` starts a fresh process per job and language, each running exactly what the
Celery job runs (`analysis.jobs.duplicates_detect`, `analysis.jobs.suggestions_compute`)
against the database, so the peak RSS printed (from `getrusage`) is the job's own.
Prints one Markdown table row per job.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from questions.models import Question

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _slug(answers: int) -> str:
    return f"analysis-bench-{answers}"


def prepare(answers: int) -> None:
    _django()
    import datetime

    from django.utils import timezone

    from dialogue.models import Chapter, Consultation, ConsultationState, ModerationMode
    from questions.models import Question
    from reports.generated_data import consultation_data_generate

    slug = _slug(answers)
    if Consultation.objects.filter(slug_en=slug).exists():
        print(f"{slug} exists")
        return
    now = timezone.now()
    current = Consultation.objects.filter(is_current=True).first()
    consultation = Consultation.objects.create(
        title_en=f"Analysis bench ({answers:,} answers)",
        title_fr=f"Banc d'analyse ({answers:,} réponses)",
        slug_en=slug,
        slug_fr=slug,
        opens_at=now - datetime.timedelta(weeks=12),
        closes_at=now + datetime.timedelta(weeks=1),
        state=ConsultationState.OPEN,
        moderation_mode=ModerationMode.PRE,
        is_current=current is None,
    )
    chapter = Chapter.objects.create(
        consultation=consultation,
        order=1,
        title_en="One chapter",
        title_fr="Un chapitre",
        slug_en="one-chapter",
        slug_fr="un-chapitre",
        published=True,
    )
    Question.objects.create(
        consultation=consultation,
        chapter=chapter,
        order=1,
        text_en="What should Canada do?",
        text_fr="Que devrait faire le Canada ?",
    )
    summary = consultation_data_generate(
        answers=answers, posts=0, slug=slug, search=False, progress=print
    )
    print(summary.line())


def _question(answers: int) -> "Question":
    from questions.models import Question

    return Question.objects.get(consultation__slug_en=_slug(answers))


def one(answers: int, job: str, language: str) -> None:
    """One job in this process; prints `seconds<TAB>peak MiB<TAB>result`."""
    _django()
    from analysis import jobs
    from analysis.models import AnalysisJob

    question = _question(answers)
    start = time.perf_counter()
    if job == "detection":
        groups = jobs.duplicates_detect(question=question)
        result = f"{len(groups)} groups, {sum(g.size for g in groups):,} answers"
    else:
        record = AnalysisJob.objects.create(
            consultation=question.consultation,
            kind=AnalysisJob.Kind.SUGGESTIONS,
            question=question,
            language=language,
        )
        found = jobs.suggestions_compute(job=record)
        result = f"{len(found)} clusters"
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.1f}\t{rss:.0f}\t{result}")


def run(answers: int, only: str) -> None:
    _django()
    from moderation.models import Status
    from questions.models import Answer

    question = _question(answers)
    published = Answer.objects.filter(question=question, status=Status.PUBLISHED)
    counts = {lang: published.filter(language=lang).count() for lang in ("en", "fr")}
    print(
        f"{answers:,} answers to one question: {sum(counts.values()):,} published "
        f"({counts['en']:,} English, {counts['fr']:,} French)"
    )
    print("| answers | job | time | peak RSS | result |")
    print("|---:|---|---:|---:|---|")
    for job, language in (("detection", ""), ("suggestions", "en"), ("suggestions", "fr")):
        if only and job != only:
            continue
        out = (
            subprocess.run(  # noqa: S603 # fixed arguments, our own interpreter
                [sys.executable, __file__, "one", "--answers", str(answers), "--job", job]
                + (["--language", language] if language else []),
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        seconds, rss, result = out.split("\t")
        name = job if not language else f"{job} ({language})"
        print(f"| {answers:,} | {name} | {seconds} s | {rss} MiB | {result} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["prepare", "run", "one"])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--job", default="detection", choices=["detection", "suggestions"])
    parser.add_argument("--language", default="")
    parser.add_argument(
        "--only", default="", choices=["", "detection", "suggestions"], help="run: one job only"
    )
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.answers)
    elif args.step == "run":
        run(args.answers, args.only)
    else:
        one(args.answers, args.job, args.language)


if __name__ == "__main__":
    main()
