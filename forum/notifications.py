"""E-mails to the subscribers of a thread about new replies, at most one per interval."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from moderation.models import Status
from outbox.services import email_enqueue

from .models import Post, Subscription, Thread
from .services import unsubscribe_token

logger = logging.getLogger(__name__)


def _interval():
    return datetime.timedelta(minutes=settings.FORUM_NOTIFY_INTERVAL_MINUTES)


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _subscription_notify(subscription_id: int, now: datetime.datetime) -> bool:
    """Write one subscriber's e-mail about the replies they have not heard about, if due.

    The outbox row and the subscription's `last_notified_at` are written in one
    transaction, with the subscription row locked: two runs at the same time write one
    e-mail, and an e-mail is never marked as sent without being in the outbox.
    """
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("user", "thread")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return False
        last = subscription.last_notified_at
        if last is not None and now - last < _interval():
            return False
        since = max(filter(None, [last, subscription.created_at]))
        replies = list(
            Post.objects.filter(
                thread_id=subscription.thread_id,
                status=Status.PUBLISHED,
                is_opening=False,
                published_at__gt=since,
            )
            .exclude(author_id=subscription.user_id)
            .order_by("published_at", "id")
        )
        user = subscription.user
        if not replies or not user.email:
            return False
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            thread_path = reverse("forum:thread", kwargs={"pk": subscription.thread_id})
            context = {
                "thread": subscription.thread,
                "replies": replies,
                "thread_url": _absolute(thread_path),
                "unsubscribe_url": _absolute(
                    reverse(
                        "forum:unsubscribe_token",
                        kwargs={"token": unsubscribe_token(subscription)},
                    )
                ),
            }
            subject = render_to_string("forum/email/replies_subject.txt", context)
            body = render_to_string("forum/email/replies_body.txt", context)
        email_enqueue(to=user.email, subject=subject, body=body, language=language)
        subscription.last_notified_at = now
        subscription.save(update_fields=["last_notified_at"])
        return True


def thread_subscribers_notify(thread_id: int) -> int:
    """E-mail every subscriber of the thread who is due; returns how many were written.

    Each subscriber is handled on their own: one that fails is logged and left for the
    next run, and the others still get their e-mail.
    """
    now = timezone.now()
    ids = list(Subscription.objects.filter(thread_id=thread_id).values_list("pk", flat=True))
    written = 0
    for pk in ids:
        try:
            written += _subscription_notify(pk, now)
        except Exception:
            logger.exception("reply e-mail of subscription %s not written", pk)
    return written


def notifications_flush() -> int:
    """Send what the hourly limit held back: threads with replies published lately."""
    recent = timezone.now() - 2 * _interval() - datetime.timedelta(minutes=15)
    thread_ids = (
        Thread.objects.filter(
            Q(posts__published_at__gte=recent),
            posts__status=Status.PUBLISHED,
            posts__is_opening=False,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(thread_subscribers_notify(pk) for pk in list(thread_ids))
