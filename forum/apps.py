from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Discussion forum")

    def ready(self) -> None:
        from accounts.own_data import own_data_section_register
        from moderation.queue import queue_source_register

        # Importing the services registers the status listener and the account
        # deletion handler.
        from . import selectors, services, sitemap  # noqa: F401
        from .queue import queue_source

        own_data_section_register("forum", selectors.forum_of_own_data)
        queue_source_register(queue_source)
