from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .models import PageKind

app_name = "dialogue"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("minister/"), views.page, {"kind": PageKind.MINISTER}, name="minister"),
    path(_("paper/"), views.paper, name="paper"),
    path(_("paper/<slug:slug>/"), views.chapter, name="chapter"),
    path(_("experts/"), views.interviews, name="interviews"),
    path(_("experts/<slug:slug>/"), views.interview, name="interview"),
    path(_("resources/"), views.resources, name="resources"),
    path(_("search/"), views.search, name="search"),
    path(_("sitemap/"), views.sitemap, name="sitemap"),
    path(_("help/"), views.page, {"kind": PageKind.HELP}, name="help"),
    path(_("privacy/"), views.page, {"kind": PageKind.PRIVACY}, name="privacy"),
    path(_("netiquette/"), views.page, {"kind": PageKind.NETIQUETTE}, name="netiquette"),
    path(_("partners/"), views.page, {"kind": PageKind.PARTNERS}, name="partners"),
    path(_("about/"), views.page, {"kind": PageKind.ABOUT}, name="about"),
    path(_("feedback/"), views.feedback, name="feedback"),
]
