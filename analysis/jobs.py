"""Long analysis work in Celery: duplicate detection, suggested codes, exports.

Shaped like a report run, smaller: staff create a job row (queued) and the task is
queued after commit; the task claims the row under `select_for_update` and does
nothing if it is no longer queued (a second delivery), writes what it found in one
transaction, and marks the job succeeded or failed with the error staff read.
Export files are written under a temporary name and renamed into place.
"""

import contextlib
import datetime
import itertools
import logging
import os
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from config.queueing import task_enqueue_on_commit
from dialogue.models import Consultation
from moderation.models import Status
from questions.models import Answer, Question

from . import duplicates, exports, suggestions
from .models import AnalysisJob, DuplicateGroup, DuplicateMember, JobState, SuggestedCode

logger = logging.getLogger(__name__)
T = TypeVar("T")


def analysis_root() -> Path:
    return Path(settings.ANALYSIS_ROOT)


@transaction.atomic
def analysis_job_start(
    *,
    consultation: Consultation,
    kind: str,
    by: User | None,
    question: Question | None = None,
    language: str = "",
    include_notes: bool = False,
) -> AnalysisJob:
    """A queued job; its task runs once the transaction commits."""
    if kind in (AnalysisJob.Kind.DUPLICATES, AnalysisJob.Kind.SUGGESTIONS) and question is None:
        raise ValidationError(gettext("Choose a question."))
    if kind == AnalysisJob.Kind.SUGGESTIONS and language not in ("en", "fr"):
        raise ValidationError(gettext("The language must be English or French."))
    job = AnalysisJob.objects.create(
        consultation=consultation,
        kind=kind,
        question=question,
        language=language,
        include_notes=include_notes,
        requested_by=by,
    )
    from .tasks import analysis_job_task

    task_enqueue_on_commit(analysis_job_task, job.pk)
    return job


def _claim(job_id: int) -> AnalysisJob | None:
    with transaction.atomic():
        job = AnalysisJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != JobState.QUEUED:
            return None
        job.state = JobState.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["state", "started_at"])
        return job


def analysis_job_execute(job_id: int) -> bool:
    """Run a queued job; False when there was nothing to do (already run or running)
    or when it failed (the error is on the job, for staff to read; they start it again)."""
    job = _claim(job_id)
    if job is None:
        return False
    try:
        if job.kind == AnalysisJob.Kind.DUPLICATES:
            if job.question is None:
                raise ValueError("a detection job names its question")
            duplicates_detect(question=job.question)
        elif job.kind == AnalysisJob.Kind.SUGGESTIONS:
            suggestions_compute(job=job)
        else:
            job.path = exports.export_write(job=job, folder=analysis_root())
    except Exception as error:
        logger.exception("analysis job %s failed", job_id)
        AnalysisJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED,
            error=f"{error.__class__.__name__}: {error}",
            finished_at=timezone.now(),
        )
        return False
    job.state = JobState.SUCCEEDED
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at", "path"])
    return True


# --- beat's sweep ------------------------------------------------------------------


def analysis_jobs_sweep(*, now: datetime.datetime | None = None) -> tuple[list[int], list[int]]:
    """Beat's sweep: queue again the jobs still queued after ANALYSIS_JOB_REQUEUE_SECONDS
    (their message was lost, for instance while the broker was down), and fail the jobs
    running for over ANALYSIS_JOB_SILENT_SECONDS (their worker died or went silent).

    Safe to run twice: a job queued again waits a full period before the next try, a
    failed job is no longer running, and a second delivery of a job's message finds it
    claimed. Returns the ids queued again and the ids failed.
    """
    now = now or timezone.now()
    requeue_before = now - datetime.timedelta(seconds=settings.ANALYSIS_JOB_REQUEUE_SECONDS)
    silent_before = now - datetime.timedelta(seconds=settings.ANALYSIS_JOB_SILENT_SECONDS)
    from django.db.models import Q

    from .tasks import analysis_job_task

    requeued: list[int] = []
    with transaction.atomic():
        stuck = list(
            AnalysisJob.objects.select_for_update(skip_locked=True)
            .filter(state=JobState.QUEUED, created_at__lt=requeue_before)
            .filter(Q(requeued_at__isnull=True) | Q(requeued_at__lt=requeue_before))
            .order_by("id")
        )
        for job in stuck:
            job.requeued_at = now
            job.save(update_fields=["requeued_at"])
            task_enqueue_on_commit(analysis_job_task, job.pk)
            requeued.append(job.pk)
    with transaction.atomic():
        silent = list(
            AnalysisJob.objects.select_for_update(skip_locked=True)
            .filter(state=JobState.RUNNING, started_at__lt=silent_before)
            .values_list("pk", flat=True)
        )
        AnalysisJob.objects.filter(pk__in=silent, state=JobState.RUNNING).update(
            state=JobState.FAILED, error=AnalysisJob.ERROR_WORKER_SILENT, finished_at=now
        )
    for job_id in requeued:
        logger.warning("analysis job %s: still queued, queued again", job_id)
    for job_id in silent:
        logger.warning("analysis job %s: worker silent, marked failed", job_id)
    return requeued, sorted(silent)


# --- duplicates ------------------------------------------------------------------


# Rows per read of a server-side cursor, and ids per `id IN (…)` read.
READ_BATCH = 10_000
FETCH_BATCH = 2_000


def _batches(rows: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _bodies(ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), FETCH_BATCH):
        found.update(
            Answer.objects.filter(pk__in=ids[start : start + FETCH_BATCH]).values_list("id", "body")
        )
    return found


def duplicates_detect(*, question: Question) -> list[DuplicateGroup]:
    """Group the published answers of `question` that are copies or near copies.

    The answers are read once, in id order, through a server-side cursor; only their
    ids and fixed-size hashes stay in memory (the texts of possible near copies and of
    each group's most common text are read again by id). Replaces the question's
    groups; a new group keeps the campaign mark of an old group it shares answers
    with, so staff's decisions survive a re-run.
    """
    ids = array("q")

    def texts() -> Iterator[list[str]]:
        rows = (
            Answer.objects.filter(question=question, status=Status.PUBLISHED)
            .order_by("id")
            .values_list("id", "body")
            .iterator(chunk_size=READ_BATCH)
        )
        for batch in _batches(rows, READ_BATCH):
            ids.extend(pk for pk, _body in batch)
            yield [body for _pk, body in batch]

    def fetch(indices: list[int]) -> list[str]:
        bodies = _bodies([ids[i] for i in indices])
        return [bodies[ids[i]] for i in indices]

    with transaction.atomic():  # a cursor that streams (no WITH HOLD copy)
        found = duplicates.groups_find_streamed(texts(), fetch)
        member_ids = [ids[i] for group in found for i in group.members]
        dates: dict[int, datetime.datetime] = {}
        for start in range(0, len(member_ids), FETCH_BATCH):
            # Published answers always carry their publication date.
            dates.update(
                cast(
                    "list[tuple[int, datetime.datetime]]",
                    Answer.objects.filter(
                        pk__in=member_ids[start : start + FETCH_BATCH]
                    ).values_list("id", "published_at"),
                )
            )
        common_texts = _bodies([ids[group.common_index] for group in found])
    with transaction.atomic():
        old_marks = dict(
            DuplicateMember.objects.filter(
                group__question=question, group__is_campaign=True
            ).values_list("answer_id", "group_id")
        )
        old_groups = {
            group.pk: group
            for group in DuplicateGroup.objects.filter(question=question, is_campaign=True)
        }
        DuplicateGroup.objects.filter(question=question).delete()
        created = []
        for group in found:
            members = [ids[i] for i in group.members]
            when = [dates[pk] for pk in members]
            marked = next((old_groups[old_marks[pk]] for pk in members if pk in old_marks), None)
            created.append(
                DuplicateGroup(
                    question=question,
                    key=group.key,
                    size=len(members),
                    first_at=min(when),
                    last_at=max(when),
                    common_text=common_texts[ids[group.common_index]],
                    is_campaign=marked is not None,
                    marked_by_id=marked.marked_by_id if marked else None,
                    marked_at=marked.marked_at if marked else None,
                )
            )
        DuplicateGroup.objects.bulk_create(created)
        saved = list(DuplicateGroup.objects.filter(question=question).order_by("id"))
        by_key = {group.key: group for group in saved}
        DuplicateMember.objects.bulk_create(
            (
                DuplicateMember(group=by_key[group.key], answer_id=ids[i])
                for group in found
                for i in group.members
            ),
            batch_size=2000,
        )
    return saved


# --- suggested codes ---------------------------------------------------------------


def suggestions_compute(*, job: AnalysisJob) -> list[SuggestedCode]:
    """Suggested codes for the job's question and language. The model learns from a
    sample drawn with a fixed seed (`suggestions.SAMPLE` answers at most, all of them
    below), then every answer is read once through a server-side cursor and counted
    in its nearest cluster: the same answers give the same suggestions, and memory
    stays flat however many answered."""
    question, language = job.question, job.language
    if question is None:
        raise ValueError("a suggestions job names its question")
    answers = Answer.objects.filter(
        question=question, status=Status.PUBLISHED, language=language
    ).order_by("id")
    with transaction.atomic():  # a cursor that streams (no WITH HOLD copy)
        ids = array("q", answers.values_list("id", flat=True).iterator(chunk_size=READ_BATCH))
        chosen = [ids[i] for i in suggestions.sample_positions(len(ids))]
        del ids
        bodies = _bodies(chosen)
        sample = [bodies[pk] for pk in chosen]
        del bodies, chosen
        rows = answers.values_list("id", "body").iterator(chunk_size=READ_BATCH)
        clusters = suggestions.clusters_find_streamed(
            sample, _batches(rows, suggestions.ASSIGN_BATCH), language
        )
    with transaction.atomic():
        SuggestedCode.objects.filter(job=job).delete()
        return SuggestedCode.objects.bulk_create(
            SuggestedCode(
                job=job,
                question=question,
                language=language,
                rank=rank,
                size=cluster.size,
                phrases=cluster.phrases,
                example_ids=cluster.examples,
            )
            for rank, cluster in enumerate(clusters, start=1)
        )


def export_path(job: AnalysisJob) -> Path:
    """The finished export's file, refused if its name would lead outside the folder."""
    root = analysis_root().resolve()
    path = (root / job.path).resolve()
    if not job.path or root not in path.parents:
        raise ValueError("no export file")
    return path


def export_remove(job: AnalysisJob) -> None:
    with contextlib.suppress(OSError, ValueError):
        os.remove(export_path(job))
