from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Discussion questions")

    def ready(self) -> None:
        from moderation.queue import queue_source_register

        # Importing the services registers the search listener and the account
        # deletion handler.
        from . import search_filters, services, sitemap  # noqa: F401
        from .queue import queue_source

        queue_source_register(queue_source)

        from accounts.own_data import own_data_section_register

        from .selectors import answers_for_export

        own_data_section_register("answers", answers_for_export)

        from config.generation import pages_show

        from .models import Answer, Question

        pages_show(Question, Answer)
