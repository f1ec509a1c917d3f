from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The life cycle shared by answers and forum posts."""

    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


class Reason(models.TextChoices):
    """The netiquette rules a moderator can cite."""

    OFF_TOPIC = "off-topic", _("Off topic")
    PERSONAL_ATTACK = "personal-attack", _("Personal attack or insult")
    HATE = "hate-speech", _("Hate speech or discrimination")
    PERSONAL_INFORMATION = "personal-information", _("Personal information about someone")
    SPAM = "spam", _("Spam or advertising")
    REPETITIVE = "repetitive", _("Repetitive copy-paste")
    LANGUAGE = "language", _("Written in a language other than English or French")
    ILLEGAL = "illegal", _("Illegal content or incitement")
    IMPERSONATION = "impersonation", _("Impersonation or robot account")
    FLAGS = "flags", _("Hidden after several flags, awaiting review")
    OTHER = "other", _("Other (see note)")


class SavedReason(models.Model):
    """A rule moderators cite, with what the author is told, in both languages.

    Staff edit the wording in the admin; answers, posts, flags and decisions keep the
    `code`, so a reason reworded later shows its new wording everywhere. The codes in
    `Reason` are the ones the portal itself uses (hiding after flags, the demo): they
    cannot be deleted. A reason no longer `offered` stays readable on old decisions.
    """

    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Kept on every decision that cites it; it cannot change once saved."),
    )
    label = models.CharField(_("name"), max_length=150)
    explanation = models.TextField(
        _("what the author is told"),
        help_text=_("The same words reach every author refused or hidden for this reason."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    offered = models.BooleanField(
        _("offered to moderators"),
        default=True,
        help_text=_("Untick to stop offering it; past decisions keep showing it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("saved reason")
        verbose_name_plural = _("saved reasons")

    def __str__(self) -> str:
        return self.label or self.code


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Moderation decisions are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Moderation decisions are append-only.")


class ModerationDecision(models.Model):
    """Who changed the status of what, from what to what, why and when. Never changed."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_decisions",
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # Who wrote the target (answer, post, thread) when the decision was taken: the
    # queue shows each author's last decisions, read from this column's index alone.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=30, blank=True)  # a SavedReason code
    note = models.TextField(blank=True)
    # For a redaction: the text as the author wrote it, for moderators only.
    original_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["author", "-created_at"], name="decision_by_author"),
        ]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.action} {self.target_type_id}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Moderation decisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Moderation decisions are append-only.")


class Claim(models.Model):
    """An item reserved for one moderator for a few minutes, so that two moderators
    never work on the same item. A claim past `expires_at` means nothing and is
    cleared by the next claim; one row per item at most (constraint)."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_claims"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], name="moderation_claim_one_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("claimed_at")),
                name="moderation_claim_expires_after_claiming",
            ),
        ]
        indexes = [models.Index(fields=["moderator", "expires_at"])]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return f"{self.target_type_id}:{self.target_id} → {self.moderator_id}"


class Escalation(models.Model):
    """An item a moderator sent for a second opinion, with their note. While open, the
    item leaves the main queue for the shared escalation view, where staff or a
    senior moderator decides; the decision closes it. Both steps are in the log."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    note = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="escalations_requested",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations_resolved",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="moderation_one_open_escalation_per_item",
            ),
            models.CheckConstraint(
                condition=~models.Q(note=""), name="moderation_escalation_has_a_note"
            ),
        ]
        permissions = [("decide_escalations", "Can decide items sent for a second opinion")]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.target_type_id}:{self.target_id}"
