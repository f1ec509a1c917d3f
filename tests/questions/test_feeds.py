import pytest

from moderation.models import Status
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_feed_lists_published_consented_answers_with_pii_masked(client):
    question = QuestionFactory()
    AnswerFactory(question=question, display_name="Sam", body="Write to me at sam@example.org")
    AnswerFactory(question=question, status=Status.PENDING, body="Still waiting")
    AnswerFactory(question=question, consent_to_publish=False, body="Keep this private")
    response = client.get(f"/en/answers/{question.pk}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<name>Sam</name>" in xml
    assert "sam@example.org" not in xml and "[e-mail removed]" in xml
    assert "Still waiting" not in xml and "Keep this private" not in xml


def test_feed_respects_answer_before_you_see_others(client):
    question = QuestionFactory()
    question.consultation.answer_before_viewing = True
    question.consultation.save(update_fields=["answer_before_viewing"])
    AnswerFactory(question=question, body="An early opinion")
    xml = client.get(f"/fr/reponses/{question.pk}/fil-atom/").content.decode()
    assert "An early opinion" not in xml


def test_feed_of_a_forged_question_is_404(client):
    assert client.get("/en/answers/999999/feed/").status_code == 404


def test_search_hides_answers_until_the_reader_has_answered(client, participant):
    from moderation.services import status_change
    from tests.factories import UserFactory

    question = QuestionFactory()
    consultation = question.consultation
    consultation.answer_before_viewing = True
    consultation.save(update_fields=["answer_before_viewing"])
    answer = AnswerFactory(question=question, status=Status.PENDING, body="Peacekeeping matters")
    status_change(
        target=answer, to_status=Status.PUBLISHED, moderator=UserFactory(role="moderator")
    )

    def found():
        html = client.get("/en/search/", {"q": "peacekeeping"}).content.decode()
        return f"#answer-{answer.pk}" in html

    assert not found()  # anonymous reader
    client.force_login(participant)
    assert not found()  # has not answered yet
    AnswerFactory(question=question, author=participant, status=Status.PENDING)
    assert found()
