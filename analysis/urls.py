from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "analysis"

urlpatterns = [
    path(_("staff/analysis/"), views.index, name="index"),
    path(_("staff/analysis/codebook/"), views.codebook, name="codebook"),
    path(_("staff/analysis/codebook/<int:pk>/"), views.code_change, name="code_change"),
    path(_("staff/analysis/questions/<int:pk>/"), views.question, name="question"),
    path(_("staff/analysis/questions/<int:pk>/agreement/"), views.agreement, name="agreement"),
    path(
        _("staff/analysis/questions/<int:pk>/duplicates/"),
        views.duplicate_groups,
        name="duplicates",
    ),
    path(
        _("staff/analysis/questions/<int:pk>/suggestions/"), views.suggestions, name="suggestions"
    ),
    path(_("staff/analysis/answers/<int:pk>/note/"), views.note, name="note"),
    path(_("staff/analysis/groups/<int:pk>/campaign/"), views.campaign_mark, name="campaign_mark"),
    path(
        _("staff/analysis/suggestions/<int:pk>/"), views.suggestion_decide, name="suggestion_decide"
    ),
    path(_("staff/analysis/submissions/"), views.submissions, name="submissions"),
    path(_("staff/analysis/submissions/<int:pk>/"), views.submission, name="submission"),
    path(_("staff/analysis/exports/"), views.exports, name="exports"),
    path(
        _("staff/analysis/exports/<int:pk>/download/"),
        views.export_download,
        name="export_download",
    ),
]
