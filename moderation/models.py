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


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Moderation decisions are append-only.")

    def delete(self):
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
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=30, choices=Reason.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self):
        return f"{self.action} {self.target_type_id}:{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Moderation decisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Moderation decisions are append-only.")
