"""The moderators' digest: an e-mail when items have waited longer than a set time."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

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


def digest_send(now=None):
    """E-mail each moderator the number of overdue items, at most once a day.

    Safe to run twice: the day's cache key makes the second run a no-op. Returns the
    number of e-mails sent.
    """
    now = now or timezone.now()
    items = overdue_items(now)
    if not items:
        return 0
    day = timezone.localdate(now).isoformat()
    if not cache.add(f"moderation:digest:{day}", 1, timeout=36 * 3600):
        return 0
    sent = 0
    for moderator in moderators():
        if not moderator.email:
            continue
        with translation.override(moderator.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "count": len(items),
                "oldest": items[0].waiting_since,
                "hours": settings.MODERATION_DIGEST_AFTER_HOURS,
                "queue_url": f"{settings.SITE_URL}{reverse('moderation:queue')}",
            }
            subject = render_to_string("moderation/email/digest_subject.txt", context).strip()
            body = render_to_string("moderation/email/digest_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [moderator.email])
        sent += 1
    return sent
