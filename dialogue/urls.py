from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .placeholders import placeholder

app_name = "dialogue"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("minister/"), placeholder(_("Message from the Minister")), name="minister"),
    path(_("paper/"), placeholder(_("Dialogue Paper")), name="paper"),
    path(_("experts/"), placeholder(_("Expert Interviews")), name="interviews"),
    path(_("resources/"), placeholder(_("More Resources")), name="resources"),
    path(_("search/"), placeholder(_("Search")), name="search"),
    path(_("sitemap/"), views.sitemap, name="sitemap"),
    path(_("help/"), placeholder(_("Help")), name="help"),
    path(_("privacy/"), placeholder(_("Privacy notice")), name="privacy"),
    path(_("netiquette/"), placeholder(_("Netiquette")), name="netiquette"),
    path(_("partners/"), placeholder(_("Partners")), name="partners"),
    path(_("feedback/"), placeholder(_("Feedback")), name="feedback"),
]
