from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Discussion forum")

    def ready(self) -> None:
        from accounts.own_data import own_data_section_register
        from accounts.services import account_deletion_handler
        from config.generation import pages_show
        from dialogue.selectors import sitemap_provider
        from moderation.queue import queue_source_register
        from moderation.services import status_listener

        from . import selectors, services, sitemap
        from .models import Board, Post, Thread
        from .queue import queue_source

        # Every hook this app fills, here and nowhere else (config/registry.py).
        own_data_section_register("forum", selectors.forum_of_own_data)
        status_listener(services.posts_status_changed)
        account_deletion_handler(services.forum_account_delete)
        sitemap_provider(sitemap.forum_boards)
        queue_source_register(queue_source)
        pages_show(Board, Thread, Post)
