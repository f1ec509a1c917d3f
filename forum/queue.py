"""The forum's source for the moderator queue: pending posts and posts hidden by flags."""

from django.urls import reverse

from moderation.models import Reason
from moderation.pii import pii_mask
from moderation.queue import QueueItem

from . import selectors


def queue_items(limit):
    """Waiting posts, oldest first, in two queries whatever their number."""
    posts = list(selectors.queue_posts_with_context(limit))
    flags = selectors.open_flag_counts([post.pk for post in posts])
    items = []
    for post in posts:
        url = reverse("forum:thread", kwargs={"pk": post.thread_id})
        items.append(
            QueueItem(
                kind="post",
                pk=post.pk,
                waiting_since=post.waiting_since,
                status=post.status,
                body=pii_mask(post.body),
                language=post.language,
                author=post.author,
                context_title=post.thread.title,
                context_language=post.thread.language,
                context_url=f"{url}#post-{post.pk}",
                pii_detected=post.pii_detected,
                flags=[(Reason(reason).label, count) for reason, count in flags.get(post.pk, [])],
                obj=post,
            )
        )
    return items


def queue_count():
    return selectors.queue_posts().count()
