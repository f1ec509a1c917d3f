"""E-mails to the subscribers of a thread about new replies, at most one per interval."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from moderation.models import Status

from .models import Post, Subscription, Thread
from .services import unsubscribe_token


def _interval():
    return datetime.timedelta(minutes=settings.FORUM_NOTIFY_INTERVAL_MINUTES)


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _subscription_notify(subscription_id, now):
    """Send one subscriber the replies they have not heard about, if they are due one.

    Holds the subscription row locked while it decides, sends and marks, so two runs
    at the same time send one e-mail.
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
        if not replies:
            return False
        user = subscription.user
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
            subject = render_to_string("forum/email/replies_subject.txt", context).strip()
            body = render_to_string("forum/email/replies_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        subscription.last_notified_at = now
        subscription.save(update_fields=["last_notified_at"])
        return True


def thread_subscribers_notify(thread_id):
    """E-mail every subscriber of the thread who is due; returns how many were sent."""
    now = timezone.now()
    ids = Subscription.objects.filter(thread_id=thread_id).values_list("pk", flat=True)
    return sum(_subscription_notify(pk, now) for pk in ids)


def notifications_flush():
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
    return sum(thread_subscribers_notify(pk) for pk in thread_ids)
