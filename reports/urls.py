from django.urls import path
from django.utils.translation import gettext_lazy as _

from dialogue.placeholders import placeholder

app_name = "reports"

urlpatterns = [
    path(_("report/"), placeholder(_("Final Report")), name="report"),
    path(_("staff/reports/"), placeholder(_("Report runs")), name="staff_runs"),
]
