from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue.models import Chapter, Consultation
from moderation.models import Status

ANSWER_LANGUAGES = [("en", _("English")), ("fr", _("French"))]


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    if TYPE_CHECKING:  # added per language by modeltranslation (questions/translation.py)
        text_en: str
        text_fr: str
    help_text = models.TextField(_("help text"), blank=True)
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), default=5000)

    class Meta:
        ordering = ["chapter__order", "order", "id"]
        verbose_name = _("discussion question")
        verbose_name_plural = _("discussion questions")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "order"], name="question_order_unique"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("questions:answer", kwargs={"pk": self.pk})


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Null once the author deleted their account: the published answer stays, anonymised.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="answers"
    )
    body = models.TextField(_("your answer"))
    language = models.CharField(
        _("language of your answer"), max_length=2, choices=ANSWER_LANGUAGES
    )
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(max_length=30, blank=True)  # a moderation.SavedReason code
    moderator_note = models.TextField(blank=True)
    featured = models.BooleanField(_("featured in the report"), default=False)
    pii_detected = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "author"],
                condition=models.Q(author__isnull=False),
                name="one_answer_per_participant_per_question",
            ),
        ]
        indexes = [
            models.Index(fields=["question", "status", "published_at"]),
            models.Index(fields=["status", "submitted_at"]),
            # View Answers: a question's public answers by date (either way), all
            # languages or one; the counts and the ids of a page come from these
            # indexes alone.
            models.Index(
                fields=["question", "published_at", "id"],
                condition=models.Q(status="published", consent_to_publish=True),
                name="answer_public_by_question",
            ),
            models.Index(
                fields=["question", "language", "published_at", "id"],
                condition=models.Q(status="published", consent_to_publish=True),
                name="answer_public_by_question_lang",
            ),
            # The moderators' queue: waiting answers oldest or newest first, and the
            # same narrowed to a language and to a personal-information warning; only
            # the pending rows are in these indexes, so they stay small.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status="pending"),
                name="answer_waiting",
            ),
            models.Index(
                fields=["language", "pii_detected", "submitted_at", "id"],
                condition=models.Q(status="pending"),
                name="answer_waiting_lang_pii",
            ),
            # The author's history beside each waiting item: published, refused and
            # hidden answers counted per author from this index alone.
            models.Index(
                fields=["author", "status"],
                condition=models.Q(status__in=["published", "rejected", "hidden"]),
                name="answer_decided_by_author",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.body[:40]}"
