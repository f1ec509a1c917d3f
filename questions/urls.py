from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .feeds import QuestionAnswersFeed

app_name = "questions"

urlpatterns = [
    path(_("questions/"), views.index, name="index"),
    path(_("questions/<int:pk>/answer/"), views.answer, name="answer"),
    path(_("my-answers/<int:pk>/withdraw/"), views.withdraw, name="withdraw"),
    path(_("answers/"), views.answers, name="answers"),
    path(_("answers/<int:pk>/"), views.question_answers, name="question_answers"),
    path(_("answers/<int:pk>/feed/"), QuestionAnswersFeed(), name="question_answers_feed"),
    path(_("answers/featured/<int:pk>/"), views.feature, name="feature"),
]
