from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from dialogue.selectors import sitemap_provider
        from questions.models import Answer

        from . import sitemap

        # Reports follow answers without the questions app knowing about reports.
        post_save.connect(_answer_saved, sender=Answer, dispatch_uid="reports-answer-saved")
        sitemap_provider(sitemap.earlier_reports)


def _answer_saved(
    sender: type, instance: Any, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    if update_fields is not None and "status" not in update_fields:
        return
    from . import services

    services.answer_left_public_view(answer=instance)
