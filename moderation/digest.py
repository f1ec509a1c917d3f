"""The moderators' digest: an e-mail when items have waited longer than a set time."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from outbox.services import email_enqueue

from .queue import queue_items


def moderators():
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


def overdue_items(now=None, limit=200):
    now = now or timezone.now()
    cut_off = now - datetime.timedelta(hours=settings.MODERATION_DIGEST_AFTER_HOURS)
    return [item for item in queue_items(limit) if item.waiting_since <= cut_off]


def digest_send(now: datetime.datetime | None = None) -> int:
    """E-mail each moderator the number of overdue items, at most once a day.

    Safe to run twice: each moderator's e-mail of the day has its own outbox key, so a
    second run (or a run after a crash half-way) writes only what is missing. Returns
    the number of e-mails written.
    """
    now = now or timezone.now()
    items = overdue_items(now)
    if not items:
        return 0
    day = timezone.localdate(now).isoformat()
    written = 0
    for moderator in moderators():
        if not moderator.email:
            continue
        language = moderator.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "count": len(items),
                "oldest": items[0].waiting_since,
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
