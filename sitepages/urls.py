from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "sitepages"

urlpatterns = [
    path(_("programs/"), views.sections, name="sections"),
    path(_("programs/<slug:consultation>/"), views.index, name="index"),
    path(_("programs/<slug:consultation>/<slug:slug>/"), views.page, name="page"),
]
