from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.own_data import own_data_section_register
        from dialogue.search import search_text_filter

        from .pii import pii_mask
        from .reasons import saved_reasons_ensure
        from .selectors import decisions_about_account

        # Search results show participants' words: masked like every other output,
        # also for documents indexed before the masking rule last changed.
        search_text_filter(pii_mask)
        own_data_section_register("decisions_about_your_account", decisions_about_account)
        post_migrate.connect(
            saved_reasons_ensure, sender=self, dispatch_uid="moderation.saved_reasons_ensure"
        )
