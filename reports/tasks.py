"""Thin Celery tasks around reports.services: ids in, idempotent, transient errors retried."""

from typing import Any

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from . import exports, services

RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": services.TRANSIENT_ERRORS,
    "max_retries": 5,
    "retry_backoff": 5,
    "retry_backoff_max": 120,
    "retry_jitter": True,
}


class ReportTask(DjangoTask[Any, Any]):
    def on_failure(
        self,
        exc: Exception,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: Any,
    ) -> None:
        """Out of retries (or an error the job did not catch): say so on the run."""
        run_id: int = args[0] if args else kwargs["run_id"]
        try:
            services.report_run_fail(run_id=run_id, error=f"{exc.__class__.__name__}: {exc}")
        except Exception:  # the database may be what failed; the stale-run retry covers it
            services.logger.exception("could not mark report run %s failed", run_id)


@shared_task(base=ReportTask, name="reports.run", ignore_result=True, **RETRY)
def report_run_task(run_id: int) -> None:
    services.report_run_execute(run_id)


@shared_task(base=ReportTask, name="reports.part", ignore_result=False, **RETRY)
def report_part_task(run_id: int, question_id: int, attempt: int, total: int) -> None:
    # The result (nothing) is stored only so that the chord can count finished parts.
    services.report_part_compute(
        run_id=run_id, attempt=attempt, question_id=question_id, total=total
    )


@shared_task(base=ReportTask, name="reports.assemble", ignore_result=True, **RETRY)
def report_assemble_task(run_id: int, attempt: int) -> None:
    services.report_run_assemble(run_id=run_id, attempt=attempt)


@shared_task(name="reports.reissue", ignore_result=True, **RETRY)
def report_reissue_task(run_id: int) -> None:
    services.report_run_reissue(run_id)


@shared_task(name="reports.watchdog", ignore_result=True)
def report_watchdog_task() -> None:
    # Beat runs it every REPORT_WATCHDOG_SECONDS; a missed or doubled run is harmless.
    services.report_runs_watch()


@shared_task(name="reports.nightly_draft", ignore_result=True, acks_late=True)
def report_nightly_draft_task() -> None:
    services.report_run_nightly_draft()


@shared_task(name="reports.answer_export", ignore_result=True, acks_late=True)
def answer_export_task(export_id: int) -> None:
    # A redelivered message finds the export finished or alive and does nothing.
    exports.answer_export_execute(export_id)
