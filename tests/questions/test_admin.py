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
