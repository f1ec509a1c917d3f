from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"

# Own-data pages (profile, download, deletion) live here, beside allauth's pages.
urlpatterns = [
    path(_("profile/"), views.profile, name="profile"),
    path(_("my-data/"), views.data, name="data"),
    path(_("my-data/download/"), views.data_download, name="data_download"),
    path(_("delete-account/"), views.delete, name="delete"),
    # Shadows allauth's page of the same path (this module is included first).
    path("confirm-email/", views.VerificationSentView.as_view()),
]
