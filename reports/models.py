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
    # Last sign of life of the current attempt (written at least every
    # REPORT_HEARTBEAT_SECONDS while it works); silent for longer than
    # REPORT_HEARTBEAT_TIMEOUT_SECONDS, the attempt is dead and the watchdog retries.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Attempts found dead since the run was started or retried by staff; at
    # REPORT_MAX_ATTEMPTS the run fails instead of being retried again.
    dead_attempts = models.PositiveSmallIntegerField(default=0)
    # Answers that were in this run's files left public view (withdrawn, hidden...):
    # each one asks for a re-issue; `data_reissued` is the last request the files answer.
    data_reissue_requested = models.PositiveIntegerField(default=0)
    data_reissued = models.PositiveIntegerField(default=0)
    data_reissued_at = models.DateTimeField(null=True, blank=True)

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


class AnswerExport(models.Model):
    """The staff export of every answer (CSV), written to a file by a worker.

    Staff ask for it, a task writes it (with its progress in `rows_done` of
    `rows_total`) and they download it once it is ready; a failed export keeps its
    error. `attempts` fences the writers: a redelivered task that took over makes
    the earlier attempt's writes fail.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="answer_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("answer export")
        verbose_name_plural = _("answer exports")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="succeeded") | ~models.Q(file_name=""),
                name="answer_export_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="failed") | ~models.Q(error=""),
                name="answer_export_failure_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer export {self.pk} ({self.state})"


class TextKind(models.TextChoices):
    """The parts of the report that staff write, in the order the report shows them."""

    FOREWORD = "foreword", _("Foreword")
    SUMMARY = "summary", _("Executive summary")
    METHOD = "method", _("Method and limits")
    QUESTION = "question", _("What we heard (introduction to a question)")
    NEXT_STEPS = "next-steps", _("Next steps")


class ReportText(models.Model):
    """A part of the report written by staff, in Markdown, in both languages.

    One row per part and consultation (per question for the "what we heard"
    introductions). A run is published only when every written part has both languages.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="report_texts"
    )
    kind = models.CharField(max_length=20, choices=TextKind.choices)
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_texts",
    )
    body_en = models.TextField(_("text in English"), blank=True)
    body_fr = models.TextField(_("text in French"), blank=True)
    # The foreword is signed: name and title of the person who signs it.
    signature_en = models.CharField(_("signature in English"), max_length=200, blank=True)
    signature_fr = models.CharField(_("signature in French"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind"],
                condition=models.Q(question__isnull=True),
                name="one_report_text_per_kind",
            ),
            models.UniqueConstraint(
                fields=["consultation", "question"],
                condition=models.Q(question__isnull=False),
                name="one_report_text_per_question",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="question", question__isnull=False)
                    | (~models.Q(kind="question") & models.Q(question__isnull=True))
                ),
                name="report_text_question_iff_question_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.kind}:{self.question_id or ''}"


class QuotePick(models.Model):
    """An answer staff chose to quote under its question in the report.

    The run checks again, when it reads the picks, that the answer is still
    published and consented; a pick never overrides the author's choice.
    """

    question = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, related_name="quote_picks"
    )
    answer = models.ForeignKey(
        "questions.Answer", on_delete=models.CASCADE, related_name="quote_picks"
    )
    position = models.PositiveSmallIntegerField(default=0)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_id", "position", "id"]
        verbose_name = _("quote pick")
        verbose_name_plural = _("quote picks")
        constraints = [
            models.UniqueConstraint(fields=["question", "answer"], name="one_pick_per_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.answer_id}"
