from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Discussion forum")

    def ready(self):
        from moderation.queue import QueueSource, queue_source_register

        # Importing the services registers the status listener and the account
        # deletion handler.
        from . import queue, services, sitemap  # noqa: F401
        from .models import Post

        queue_source_register(
            QueueSource(kind="post", model=Post, items=queue.queue_items, count=queue.queue_count)
        )
