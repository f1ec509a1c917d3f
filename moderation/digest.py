"""The moderators' digest: an e-mail when items have waited longer than a set time."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from outbox.services import email_enqueue

from .queue import QueueFilters, queue_count
from .selectors import oldest_waiting


def moderators() -> QuerySet[Any]:
    permission = Permission.objects.get(
        content_type__app_label="accounts", codename="moderate_content"
    )
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions=permission)
            | Q(user_permissions=permission)
            | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def overdue(now: datetime.datetime) -> tuple[int, datetime.datetime | None]:
    """How many items have waited longer than the digest's limit (in the main queue
    and sent for a second opinion), and when the oldest waiting item came in."""
    hours = settings.MODERATION_DIGEST_AFTER_HOURS
    count = sum(
        queue_count(QueueFilters(older_than_hours=hours, now=now, escalated=escalated))
        for escalated in (False, True)
    )
    return count, oldest_waiting() if count else None


def digest_send(now: datetime.datetime | None = None) -> int:
    """E-mail each moderator the number of overdue items, at most once a day.

    Safe to run twice: each moderator's e-mail of the day has its own outbox key, so a
    second run (or a run after a crash half-way) writes only what is missing. Returns
    the number of e-mails written.
    """
    now = now or timezone.now()
    count, oldest = overdue(now)
    if not count or oldest is None:
        return 0
    day = timezone.localdate(now).isoformat()
    written = 0
    for moderator in moderators():
        if not moderator.email:
            continue
        language = moderator.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "count": count,
                "oldest": oldest,
                "oldest_hours": int((now - oldest).total_seconds() // 3600),
                "hours": settings.MODERATION_DIGEST_AFTER_HOURS,
                "queue_url": f"{settings.SITE_URL}{reverse('moderation:queue')}",
            }
            subject = render_to_string("moderation/email/digest_subject.txt", context)
            body = render_to_string("moderation/email/digest_body.txt", context)
        with transaction.atomic():
            email = email_enqueue(
                to=moderator.email,
                subject=subject,
                body=body,
                language=language,
                dedupe_key=f"digest:{moderator.pk}:{day}",
            )
        written += email is not None
    return written
