from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Discussion questions")

    def ready(self) -> None:
        from accounts.own_data import own_data_section_register
        from accounts.services import account_deletion_handler
        from config.generation import pages_show
        from dialogue.search import search_indexer, search_visibility_filter
        from dialogue.selectors import sitemap_provider
        from moderation.queue import queue_source_register
        from moderation.services import status_listener

        from . import search_filters, services, sitemap
        from .models import Answer, Question
        from .queue import queue_source
        from .selectors import answers_for_export

        # Every hook this app fills, here and nowhere else (config/registry.py).
        queue_source_register(queue_source)
        status_listener(services.answers_status_changed)
        account_deletion_handler(services.answers_of_deleted_account)
        search_indexer(search_filters.questions_search_index)
        search_visibility_filter(search_filters.questions_of_unpublished_chapters)
        search_visibility_filter(search_filters.answers_of_unpublished_chapters)
        search_visibility_filter(search_filters.answers_hidden_until_own)
        sitemap_provider(sitemap.question_answer_pages)
        own_data_section_register("answers", answers_for_export)
        pages_show(Question, Answer)
