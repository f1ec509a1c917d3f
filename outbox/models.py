"""Every e-mail the portal sends, as a row written in the transaction that decided to send it."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# RFC 5322 allows 998 characters on a header line; subjects are cut there.
SUBJECT_MAX_LENGTH = 998


class EmailStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("e-mail status", "Pending")
    SENDING = "sending", pgettext_lazy("e-mail status", "Sending")
    SENT = "sent", pgettext_lazy("e-mail status", "Sent")
    FAILED = "failed", pgettext_lazy("e-mail status", "Failed")


class OutboxEmail(models.Model):
    """One e-mail to one recipient, and where its delivery stands.

    `next_attempt_at` means "look at this row again from then on": for a pending row,
    when it is due (its first send, or the next try after a failure); for a row being
    sent, when its lease ends (the worker that claimed it is presumed dead after that).
    """

    # The Message-ID's left part: the same on every attempt, so a resend after a
    # worker died is recognisable as the same message.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True, default="")
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # "One e-mail per decision" as a database fact: a second row with the same key is refused.
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=200, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        permissions = [("retry_outboxemail", "Can send a failed e-mail again")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
