"""Thin Celery tasks around analysis.jobs: a job id in, harmless when run twice."""

from celery import shared_task

from . import jobs


# A failure is written on the job row (staff read it and start the job again).
@shared_task(name="analysis.job", ignore_result=True, acks_late=True)
def analysis_job_task(job_id: int) -> None:
    jobs.analysis_job_execute(job_id)


@shared_task(name="analysis.jobs_sweep", ignore_result=True)
def analysis_jobs_sweep_task() -> None:
    jobs.analysis_jobs_sweep()
