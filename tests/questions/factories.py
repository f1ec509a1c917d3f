import factory
from django.utils import timezone

from moderation.models import Status
from questions.models import Answer, Question
from tests.dialogue.factories import ChapterFactory
from tests.factories import UserFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    chapter = factory.SubFactory(ChapterFactory)
    consultation = factory.SelfAttribute("chapter.consultation")
    order = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"What should Canada do about question {n}?")
    text_fr = factory.Sequence(
        lambda n: f"Que devrait faire le Canada au sujet de la question {n} ?"
    )
    help_text_en = "Give an example if you can."
    help_text_fr = "Donnez un exemple si vous le pouvez."


class AnswerFactory(factory.django.DjangoModelFactory):
    """A published answer, with consent, unless told otherwise."""

    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Answer number {n}: diplomacy first, then trade.")
    language = "en"
    consent_to_publish = True
    status = Status.PUBLISHED
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyAttribute(
        lambda answer: timezone.now() if answer.status == Status.PUBLISHED else None
    )
