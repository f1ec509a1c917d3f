from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        from questions.coding import coding_provider_register

        from .selectors import report_coding_figures

        # The report reads coding through `questions.coding`, never from this app.
        coding_provider_register(report_coding_figures)
