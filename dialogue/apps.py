from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Dialogue paper")

    def ready(self) -> None:
        from accounts.own_data import own_data_section_register

        from . import signals  # noqa: F401
        from .selectors import feedback_of_own_data

        own_data_section_register("feedback", feedback_of_own_data)

        from config.generation import pages_show

        from .models import Chapter, Consultation, Interview, Page, Resource, Section, Topic

        pages_show(Consultation, Chapter, Section, Page, Interview, Topic, Resource)
