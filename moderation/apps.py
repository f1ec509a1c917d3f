from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from dialogue.search import search_text_filter

        from .pii import pii_mask

        # Search results show participants' words: masked like every other output,
        # also for documents indexed before the masking rule last changed.
        search_text_filter(pii_mask)
