"""One rule for every form: a failed submit answers 422, the error summary comes
first in the content, the title says "Error:" and each message links to its field."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forum.models import Board
from questions.models import Question
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.login(email=user.email, password=PASSWORD)
    return client


def _invalid_submissions(participant, staff) -> list[tuple[Client, str, dict]]:
    question = Question.objects.order_by("pk").first()
    board = Board.objects.order_by("pk").first()
    assert question is not None and board is not None
    own, staff_client, anonymous = _client(participant), _client(staff), Client()
    return [
        (own, reverse("questions:answer", args=[question.pk]), {"body": "", "action": "submit"}),
        (own, reverse("forum:new_thread", args=[board.slug]), {"title": "", "body": ""}),
        (own, reverse("accounts:profile"), {"respondent_type": "nonsense"}),
        (anonymous, reverse("dialogue:feedback"), {"message": ""}),
        (staff_client, reverse("reports:staff_runs"), {"cutoff": "yesterday"}),
        (anonymous, reverse("account_signup"), {"email": "not-an-address"}),
        (anonymous, reverse("account_login"), {"login": "nobody@example.org", "password": "x"}),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_form_answers_a_failed_submit_the_same_way(demo_paper, participant, staff, language):
    with translation.override(language):
        submissions = _invalid_submissions(participant, staff)
    prefix = "Error:" if language == "en" else "Erreur\u00a0:"
    for client, path, data in submissions:
        response = client.post(path, data)
        page = response.text
        assert response.status_code == 422, path
        assert re.search(r"<title>\s*" + re.escape(prefix), page), path
        main = page[page.index('<main id="main"') :]
        # Nothing but whitespace between the opening of <main> and the summary.
        assert re.match(r'<main[^>]*>\s*<div class="notice notice-error error-summary"', main), path
        assert "data-error-summary" in main and "js/error-summary.js" in page, path
        summary = main[: main.index("</div>")]
        for target in re.findall(r'href="#([^"]+)"', summary):
            assert f'id="{target}"' in page, f"{path}: #{target} points nowhere"


def test_a_valid_form_page_has_no_error_title(client):
    page = client.get(reverse("dialogue:feedback")).text
    assert "Error:" not in page and "data-error-summary" not in page
