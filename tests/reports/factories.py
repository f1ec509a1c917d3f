import datetime

import factory
from django.utils import timezone

from forum.models import Board, Post, Thread
from moderation.models import Status
from questions.models import Answer, Question
from reports.models import ReportRun
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import UserFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    chapter = factory.SubFactory(ChapterFactory)
    consultation = factory.SelfAttribute("chapter.consultation")
    order = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"What should Canada do about question {n}?")
    text_fr = factory.Sequence(
        lambda n: f"Que devrait faire le Canada au sujet de la question {n}?"
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Canada should invest in peacekeeping and development."
    language = "en"
    consent_to_publish = True
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    submitted_at = factory.SelfAttribute("published_at")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n)
    slug_en = factory.Sequence(lambda n: f"board-{n}")
    slug_fr = factory.Sequence(lambda n: f"forum-{n}")
    title_en = factory.Sequence(lambda n: f"Board {n}")
    title_fr = factory.Sequence(lambda n: f"Forum {n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)
    language = "en"
    status = Status.PUBLISHED
    last_activity_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "A thoughtful message."
    language = "en"
    status = Status.PUBLISHED


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    consultation = factory.SubFactory(ConsultationFactory)
    cutoff = factory.LazyFunction(timezone.now)


__all__ = ["ConsultationFactory", "UserFactory"]
