import pytest

from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.questions.factories import QuestionFactory


@pytest.fixture
def consultation(db):
    return ConsultationFactory()


@pytest.fixture
def question(consultation):
    return QuestionFactory(chapter=ChapterFactory(consultation=consultation))
