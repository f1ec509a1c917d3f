import pytest

from dialogue.models import SearchEntry
from moderation.models import Status
from questions.demo import demo_answers_create
from questions.models import Answer
from tests.dialogue.factories import ChapterFactory
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_demo_answers_fill_the_queue_and_view_answers_and_run_twice(consultation):
    chapter = ChapterFactory(consultation=consultation)
    QuestionFactory(chapter=chapter, text_en="What should be the main goal of Canada?")
    for _ in range(3):
        QuestionFactory(chapter=chapter)

    created = demo_answers_create(consultation)

    answers = Answer.objects.filter(question__consultation=consultation)
    assert created == answers.count() >= 12
    assert {a.language for a in answers} == {"en", "fr"}
    assert answers.filter(status=Status.PENDING).count() >= 2
    assert answers.filter(featured=True, status=Status.PUBLISHED).count() == 1
    assert answers.filter(status=Status.PUBLISHED, display_name="").exists()
    assert answers.filter(status=Status.PUBLISHED).exclude(display_name="").exists()
    featured = answers.get(featured=True)
    assert featured.question.text_en.startswith("What should be the main goal")
    published = answers.filter(status=Status.PUBLISHED).count()
    assert SearchEntry.objects.filter(kind="answer").count() == published
    assert all(a.author.emailaddress_set.get().verified for a in answers)
    assert not answers.first().author.has_usable_password()

    assert demo_answers_create(consultation) == 0
    assert Answer.objects.count() == created
