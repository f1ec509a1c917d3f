from django.urls import path
from django.utils.translation import gettext_lazy as _

from dialogue.placeholders import placeholder

app_name = "forum"

urlpatterns = [
    path("", placeholder(_("Discussion Forum")), name="index"),
]
