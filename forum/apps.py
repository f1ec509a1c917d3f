from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Discussion forum")

    def ready(self) -> None:
        from accounts.own_data import own_data_section_register
        from config.generation import pages_show
        from moderation.queue import QueueSource, queue_source_register

        # Importing the services registers the status listener and the account
        # deletion handler.
        from . import queue, selectors, services, sitemap  # noqa: F401
        from .models import Board, Post, Thread

        own_data_section_register("forum", selectors.forum_of_own_data)
        pages_show(Board, Thread, Post)
        queue_source_register(
            QueueSource(kind="post", model=Post, items=queue.queue_items, count=queue.queue_count)
        )
