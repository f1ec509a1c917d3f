from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path(_("decide/"), views.decide, name="decide"),
    path(_("bulk/"), views.bulk, name="bulk"),
    path(_("log/"), views.log, name="log"),
    path(_("claim/"), views.claim, name="claim"),
    path(_("release/"), views.release, name="release"),
    path(_("redact/"), views.redact, name="redact"),
    path(_("escalate/"), views.escalate, name="escalate"),
    path(_("pace/"), views.pace_view, name="pace"),
    path(_("second-opinions/"), views.escalations, name="escalations"),
]
