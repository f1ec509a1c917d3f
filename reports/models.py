from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dialogue.models import Consultation


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ReportRun(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="report_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    is_nightly_draft = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    progress_note = models.CharField(max_length=200, blank=True)
    cutoff = models.DateTimeField(_("cut-off time"))
    figures = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life from the worker running the job; a running run that has
    # been silent for REPORT_STALE_AFTER_SECONDS may be retried.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation"],
                condition=models.Q(published=True),
                name="one_published_report_per_consultation",
            ),
        ]

    def __str__(self):
        return f"Report run {self.pk} ({self.state})"


class ReportOutput(models.Model):
    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=30)
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind"], name="one_output_per_kind"),
        ]

    def __str__(self):
        return f"{self.run_id}:{self.kind}"


class ReportPart(models.Model):
    """What one question contributes to a run, computed on its own (the fan-out's unit).

    A rerun of a part replaces its row, so a redelivered task changes nothing.
    """

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="parts")
    question_id = models.PositiveBigIntegerField()
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["question_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "question_id"], name="one_part_per_question"),
        ]

    def __str__(self):
        return f"{self.run_id}:{self.question_id}"
