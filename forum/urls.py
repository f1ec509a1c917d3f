from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "forum"

THREAD = format_lazy("{}<int:pk>/", _("threads/"))
POST = format_lazy("{}<int:pk>/", _("posts/"))

urlpatterns = [
    path("", views.index, name="index"),
    path(THREAD, views.thread, name="thread"),
    path(format_lazy("{}{}", THREAD, _("reply/")), views.post_reply, name="reply"),
    path(format_lazy("{}{}", THREAD, _("subscribe/")), views.subscribe, name="subscribe"),
    path(format_lazy("{}{}", THREAD, _("unsubscribe/")), views.unsubscribe, name="unsubscribe"),
    path(
        format_lazy("{}{}", THREAD, _("moderate/")), views.thread_moderate, name="thread_moderate"
    ),
    path(POST, views.post_link, name="post"),
    path(format_lazy("{}{}", POST, _("edit/")), views.post_edit, name="edit"),
    path(format_lazy("{}{}", POST, _("delete/")), views.post_delete, name="delete"),
    path(format_lazy("{}{}", POST, _("flag/")), views.post_flag, name="flag"),
    path(format_lazy("{}{}", POST, _("moderate/")), views.post_moderate, name="post_moderate"),
    path(format_lazy("{}{}", POST, _("suspend-author/")), views.author_suspend, name="suspend"),
    path(
        format_lazy("{}<str:token>/", _("unsubscribe/")),
        views.unsubscribe_token,
        name="unsubscribe_token",
    ),
    path("<slug:slug>/", views.board, name="board"),
    path(format_lazy("<slug:slug>/{}", _("new/")), views.thread_create, name="new_thread"),
    path(format_lazy("<slug:slug>/{}", _("feed/")), views.board_feed, name="board_feed"),
]
