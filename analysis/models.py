"""The analysts' records: codebook, coding, notes, duplicate groups, submissions
received outside the site, suggested codes and exports.

Coding is one row per (answer, code, analyst): two analysts coding the same answer at
the same moment each write their own row, so neither overwrites the other, and their
agreement can be measured. Merged and retired codes keep their rows; counts follow
`Code.merged_into`.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogue.models import Consultation
from questions.models import ANSWER_LANGUAGES, Answer, Question


class Codebook(models.Model):
    """The codes of one consultation. `version` goes up with every change to its codes,
    so a report run can say which codebook it counted with."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="codebook"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("codebook")
        verbose_name_plural = _("codebooks")

    def __str__(self) -> str:
        return f"Codebook {self.consultation_id} v{self.version}"


class Code(models.Model):
    """A theme (no parent) or one of its sub-codes (a parent that is a theme)."""

    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    if TYPE_CHECKING:  # added per language by modeltranslation (analysis/translation.py)
        label_en: str
        label_fr: str
        description_en: str
        description_fr: str
    # Retired: no longer offered for coding; its past coding stays and is counted.
    retired_at = models.DateTimeField(null=True, blank=True)
    # Merged: its past coding counts for the code it was merged into.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_codes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="code_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="code_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def active(self) -> bool:
        return self.retired_at is None and self.merged_into_id is None


class Submission(models.Model):
    """Something received outside the site: a letter, an e-mail, a brief, notes from
    an in-person session. Never public: only analysts and staff read it."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        BRIEF = "brief", _("Brief")
        SESSION = "session", _("Session notes")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="submissions"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("date received"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    participant_count = models.PositiveIntegerField(_("number of participants"), default=1)
    language = models.CharField(_("language"), max_length=2, choices=ANSWER_LANGUAGES)
    body = models.TextField(_("text"))
    questions = models.ManyToManyField(
        Question, related_name="submissions", verbose_name=_("questions addressed")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # An excerpt staff may publish in the report, only with its author's consent.
    excerpt = models.TextField(_("excerpt to publish"), blank=True)
    excerpt_consent = models.BooleanField(
        _("the author consented to the publication of this excerpt"), default=False
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("submission received outside the site")
        verbose_name_plural = _("submissions received outside the site")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__gte=1), name="submission_has_participants"
            ),
            models.CheckConstraint(
                condition=Q(excerpt_consent=False) | ~Q(excerpt=""),
                name="submission_consent_has_excerpt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on}"


class Coding(models.Model):
    """One analyst applied one code to one answer (or one submission)."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="codings"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="codings"
    )
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="codings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(answer__isnull=False) & Q(submission__isnull=True))
                | (Q(answer__isnull=True) & Q(submission__isnull=False)),
                name="coding_of_answer_or_submission",
            ),
            models.UniqueConstraint(
                fields=["answer", "code", "analyst"],
                condition=Q(answer__isnull=False),
                name="one_coding_per_answer_code_analyst",
            ),
            models.UniqueConstraint(
                fields=["submission", "code", "analyst"],
                condition=Q(submission__isnull=False),
                name="one_coding_per_submission_code_analyst",
            ),
        ]
        indexes = [models.Index(fields=["code", "answer"])]

    def __str__(self) -> str:
        return f"{self.answer_id or self.submission_id}:{self.code_id}:{self.analyst_id}"


class AnalystNote(models.Model):
    """An analyst's private note on an answer or a submission (one per analyst)."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="analyst_notes"
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="analyst_notes",
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analyst_notes"
    )
    text = models.TextField(_("note"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(answer__isnull=False) & Q(submission__isnull=True))
                | (Q(answer__isnull=True) & Q(submission__isnull=False)),
                name="note_on_answer_or_submission",
            ),
            models.UniqueConstraint(
                fields=["answer", "analyst"],
                condition=Q(answer__isnull=False),
                name="one_note_per_answer_analyst",
            ),
            models.UniqueConstraint(
                fields=["submission", "analyst"],
                condition=Q(submission__isnull=False),
                name="one_note_per_submission_analyst",
            ),
        ]

    def __str__(self) -> str:
        return f"note {self.pk}"


class DuplicateGroup(models.Model):
    """Answers to one question whose texts are identical or nearly so.

    Found again on every detection run; `key` (the normalised hash of the group's
    most common text) lets a run find the group it found before, so staff's
    "campaign" mark survives.
    """

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="duplicate_groups"
    )
    key = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    common_text = models.TextField()
    is_campaign = models.BooleanField(_("campaign"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-size", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="one_group_per_text"),
        ]

    def __str__(self) -> str:
        return f"group {self.pk} ({self.size})"


class DuplicateMember(models.Model):
    group = models.ForeignKey(DuplicateGroup, on_delete=models.CASCADE, related_name="members")
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="duplicate")

    def __str__(self) -> str:
        return f"{self.group_id}:{self.answer_id}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class AnalysisJob(models.Model):
    """A long piece of work (detection, suggestions, an export) and what it produced."""

    class Kind(models.TextChoices):
        DUPLICATES = "duplicates", _("Campaign and duplicate detection")
        SUGGESTIONS = "suggestions", _("Suggested codes")
        EXPORT_CSV = "export-csv", _("Export (CSV)")
        EXPORT_XLSX = "export-xlsx", _("Export (XLSX)")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="analysis_jobs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=2, blank=True)
    include_notes = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    error = models.TextField(blank=True)
    path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a worker claims the job, and when beat's sweep queues it again.
    started_at = models.DateTimeField(null=True, blank=True)
    requeued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # The error the sweep writes, translated when shown.
    ERROR_WORKER_SILENT = "worker-silent"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="analysis_job_by_state")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"

    def error_text(self) -> str:
        """The error in the reader's language (the sweep's is a code)."""
        if self.error == self.ERROR_WORKER_SILENT:
            return str(
                _(
                    "The worker running this job stopped answering before it finished. "
                    "Start it again."
                )
            )
        return self.error


class SuggestedCode(models.Model):
    """A candidate theme found in the answers of one question and language.

    Never applied by itself: an analyst accepts it into the codebook (under a name
    they may change) or ignores it.
    """

    class Decision(models.TextChoices):
        OPEN = "open", _("Not yet decided")
        ACCEPTED = "accepted", _("Accepted")
        IGNORED = "ignored", _("Ignored")

    job = models.ForeignKey(AnalysisJob, on_delete=models.CASCADE, related_name="suggestions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2, choices=ANSWER_LANGUAGES)
    rank = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    phrases = models.JSONField(default=list)
    example_ids = models.JSONField(default=list)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    code = models.ForeignKey(Code, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return ", ".join(self.phrases[:3])
