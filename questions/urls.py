from django.urls import path
from django.utils.translation import gettext_lazy as _

from dialogue.placeholders import placeholder

app_name = "questions"

urlpatterns = [
    path(_("questions/"), placeholder(_("Answer Questions")), name="index"),
    path(_("answers/"), placeholder(_("View Answers")), name="answers"),
    path(_("answers/<int:pk>/"), placeholder(_("View Answers")), name="question_answers"),
    path(_("questions/<int:pk>/answer/"), placeholder(_("Answer Questions")), name="answer"),
]
