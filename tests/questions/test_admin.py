import pytest

from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_staff_edit_questions_in_the_admin_and_only_read_answers(admin_client, question):
    answer = AnswerFactory(question=question)
    assert admin_client.get("/en/admin/questions/question/").status_code == 200
    page = admin_client.get(f"/en/admin/questions/question/{question.pk}/change/")
    assert page.status_code == 200 and "text_fr" in page.content.decode()
    assert admin_client.get("/en/admin/questions/answer/").status_code == 200
    page = admin_client.get(f"/en/admin/questions/answer/{answer.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert admin_client.get("/en/admin/questions/answer/add/").status_code == 403


@pytest.fixture
def private_answers(question):
    from moderation.models import Status
    from tests.factories import UserFactory

    author = UserFactory(email="drafting.author@example.org")
    draft = AnswerFactory(
        question=question, author=author, status=Status.DRAFT, body="My unfinished zanzibar draft"
    )
    withdrawn = AnswerFactory(
        question=question, status=Status.WITHDRAWN, body="A taken back zanzibar answer"
    )
    handed_in = AnswerFactory(question=question, status=Status.PENDING, body="Handed in zanzibar")
    return draft, withdrawn, handed_in


def test_staff_cannot_read_drafts_or_withdrawn_answers_in_the_admin(client, staff, private_answers):
    draft, withdrawn, handed_in = private_answers
    client.force_login(staff)
    listing = client.get("/en/admin/questions/answer/").content.decode()
    assert f"/answer/{handed_in.pk}/change/" in listing
    assert f"/answer/{draft.pk}/change/" not in listing
    assert f"/answer/{withdrawn.pk}/change/" not in listing
    searched = client.get("/en/admin/questions/answer/", {"q": "zanzibar"}).content.decode()
    assert f"/answer/{draft.pk}/change/" not in searched
    for answer in (draft, withdrawn):
        response = client.get(f"/en/admin/questions/answer/{answer.pk}/change/")
        assert response.status_code == 404
        assert "zanzibar" not in response.content.decode()
        assert "drafting.author" not in response.content.decode()
    assert client.get(f"/en/admin/questions/answer/{handed_in.pk}/change/").status_code == 200


def _private_reads(caplog: pytest.LogCaptureFixture) -> list:
    return [r for r in caplog.records if r.name == "questions.private_answers"]


def test_a_superuser_reading_a_draft_is_logged(admin_client, admin_user, private_answers, caplog):
    draft, _withdrawn, handed_in = private_answers
    caplog.set_level("INFO", logger="questions.private_answers")
    page = admin_client.get(f"/en/admin/questions/answer/{draft.pk}/change/")
    assert page.status_code == 200 and "zanzibar" in page.content.decode()
    admin_client.get(f"/en/admin/questions/answer/{handed_in.pk}/change/")
    [record] = _private_reads(caplog)
    assert admin_user.get_username() in record.getMessage()
    assert f"answer {draft.pk}" in record.getMessage()
    # Finding a draft by its words is reading it too.
    caplog.clear()
    admin_client.get("/en/admin/questions/answer/", {"q": "unfinished zanzibar"})
    [record] = _private_reads(caplog)
    assert f"answer {draft.pk}" in record.getMessage()
