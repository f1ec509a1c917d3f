from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "reports"

urlpatterns = [
    path(_("report/"), views.report, name="report"),
    path(_("report/download/<slug:kind>/"), views.public_download, name="public_download"),
    path(_("report/<slug:slug>/"), views.consultation_report, name="consultation_report"),
    path(
        _("report/<slug:slug>/download/<slug:kind>/"),
        views.consultation_download,
        name="consultation_download",
    ),
    path(_("staff/reports/"), views.staff_runs, name="staff_runs"),
    path(_("staff/reports/texts/"), views.staff_texts, name="staff_texts"),
    path(_("staff/reports/texts/<slug:key>/"), views.text_edit, name="text_edit"),
    path(_("staff/reports/quotes/<int:question_id>/"), views.quote_picker, name="quote_picker"),
    path(_("staff/reports/answer-exports/"), views.answers_export, name="answers_export"),
    path(_("staff/reports/answer-exports/<int:pk>/"), views.answer_export, name="answer_export"),
    path(
        _("staff/reports/answer-exports/<int:pk>/download/"),
        views.answer_export_download,
        name="answer_export_download",
    ),
    path(_("staff/reports/<int:pk>/progress/"), views.run_progress, name="run_progress"),
    path(_("staff/reports/<int:pk>/retry/"), views.run_retry, name="run_retry"),
    path(_("staff/reports/<int:pk>/publish/"), views.run_publish, name="run_publish"),
    path(
        _("staff/reports/<int:pk>/download/<slug:kind>/"),
        views.staff_download,
        name="staff_download",
    ),
]
