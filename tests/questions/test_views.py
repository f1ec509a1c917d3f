import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from dialogue.models import ConsultationState, SearchEntry
from moderation.models import Reason, Status
from questions.models import Answer
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "body": "Canada should lead on peacekeeping.",
        "language": "en",
        "consent_to_publish": "on",
        "display_name": "",
        "action": "submit",
        **extra,
    }


@pytest.fixture
def author_client(client, participant):
    client.force_login(participant)
    return client


def test_submitting_through_the_form_shows_pending_and_asks_for_the_profile_once(
    author_client, participant, question
):
    url = f"/en/questions/{question.pk}/answer/"
    response = author_client.post(url, _form(display_name="Sam"))
    assert response.status_code == 302 and response["Location"] == url
    page = author_client.get(url).content.decode()
    assert "your answer is pending review by a moderator" in page
    assert "Pending review" in page
    assert "Would you tell us a little about yourself?" in page
    answer = Answer.objects.get()
    assert (answer.author, answer.display_name, answer.status) == (participant, "Sam", "pending")
    # Asked once: neither the next page nor the next submission asks again.
    assert "Would you tell us" not in author_client.get(url).content.decode()
    other = QuestionFactory(chapter=question.chapter)
    author_client.post(f"/en/questions/{other.pk}/answer/", _form())
    assert "Would you tell us" not in author_client.get("/en/questions/").content.decode()


def test_answer_form_defaults_to_the_page_language_and_states_the_limit(author_client, question):
    page = author_client.get(f"/fr/questions/{question.pk}/repondre/").content.decode()
    assert re.search(r'<input[^>]*value="fr"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="en"[^>]*checked', page)
    page = author_client.get(f"/en/questions/{question.pk}/answer/").content.decode()
    assert "At most 5,000 characters" in page
    assert 'maxlength="5000"' in page
    assert "Privacy statement" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write your answer before saving it."),
        ({"body": "x" * 5001}, "Your answer is 5,001 characters long; the limit is 5,000."),
        ({"language": "de"}, "Choose English or French."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    author_client, question, data, message
):
    response = author_client.post(f"/en/questions/{question.pk}/answer/", _form(**data))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "The form has 1 error" in response.content.decode()
    assert not Answer.objects.exists()


def test_line_breaks_count_as_one_character(author_client, question):
    question.max_length = 10
    question.save()
    response = author_client.post(
        f"/en/questions/{question.pk}/answer/", _form(body="abcd\r\nefgh")
    )
    assert response.status_code == 302
    assert Answer.objects.get().body == "abcd\nefgh"


def test_forged_question_id_is_404(author_client, question):
    assert author_client.get("/en/questions/999999/answer/").status_code == 404
    assert author_client.post("/en/questions/999999/answer/", _form()).status_code == 404
    assert author_client.get("/en/answers/999999/").status_code == 404
    other = QuestionFactory(
        chapter=ChapterFactory(consultation=ConsultationFactory(is_current=False))
    )
    assert author_client.get(f"/en/questions/{other.pk}/answer/").status_code == 404


def test_another_participants_answer_cannot_be_withdrawn(author_client, question):
    someone_else = AnswerFactory(question=question)
    response = author_client.post(f"/en/my-answers/{someone_else.pk}/withdraw/")
    assert response.status_code == 404
    someone_else.refresh_from_db()
    assert someone_else.status == Status.PUBLISHED


def test_double_submit_leaves_one_answer(author_client, question):
    url = f"/en/questions/{question.pk}/answer/"
    author_client.post(url, _form())
    author_client.post(url, _form())
    assert Answer.objects.count() == 1


def test_edit_after_closing_is_refused_and_the_original_kept(author_client, question):
    url = f"/en/questions/{question.pk}/answer/"
    author_client.post(url, _form())
    question.consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    question.consultation.opens_at = timezone.now() - datetime.timedelta(days=9)
    question.consultation.save()
    response = author_client.post(url, _form(body="A sneaky late edit."))
    assert response.status_code == 403
    assert "This consultation is closed" in response.content.decode()
    assert Answer.objects.get().body == "Canada should lead on peacekeeping."
    page = author_client.get(url).content.decode()
    assert "What you wrote" in page and "<textarea" not in page


def test_reading_pages_need_no_account_but_answering_does(client, unverified_user, question):
    assert client.get("/en/questions/").status_code == 200
    assert client.get(f"/en/answers/{question.pk}/").status_code == 200
    response = client.get(f"/en/questions/{question.pk}/answer/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(unverified_user)
    assert client.post(f"/en/questions/{question.pk}/answer/", _form()).status_code == 403
    assert not Answer.objects.exists()


def test_missing_csrf_token_is_refused(participant, question):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    response = client.post(f"/en/questions/{question.pk}/answer/", _form())
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_questions_page_shows_each_status_in_words(author_client, participant, question):
    chapter = question.chapter
    q_draft, q_pending, q_published, q_rejected = (
        QuestionFactory(chapter=chapter) for _ in range(4)
    )
    AnswerFactory(question=q_draft, author=participant, status=Status.DRAFT)
    AnswerFactory(question=q_pending, author=participant, status=Status.PENDING)
    AnswerFactory(question=q_published, author=participant)
    AnswerFactory(
        question=q_rejected,
        author=participant,
        status=Status.REJECTED,
        reason=Reason.OFF_TOPIC,
        moderator_note="Please stay on the question.",
    )
    page = author_client.get("/en/questions/").content.decode()
    for text in [
        "Not answered",
        "Draft, not submitted",
        "Pending review",
        "Published",
        "Not published",
        "Reason: Off topic",
        "Please stay on the question.",
        chapter.title_en,
    ]:
        assert text in page, text


def test_view_answers_shows_public_answers_only_masked_and_named_as_chosen(client, question):
    AnswerFactory(question=question, display_name="Ada", body="Mail me: ada@example.org")
    AnswerFactory(question=question, display_name="", body="An anonymous view.")
    AnswerFactory(question=question, body="Still waiting", status=Status.PENDING)
    AnswerFactory(question=question, body="Kept private", consent_to_publish=False)
    AnswerFactory(question=question, body="Withdrawn one", status=Status.WITHDRAWN)
    page = client.get(f"/en/answers/{question.pk}/").content.decode()
    assert "Ada" in page and "Anonymous" in page
    assert "ada@example.org" not in page and "[e-mail removed]" in page
    for hidden in ["Still waiting", "Kept private", "Withdrawn one", "@example.org"]:
        assert hidden not in page
    assert "2 published answers" in page
    overview = client.get("/en/answers/").content.decode()
    assert "2 published answers" in overview


def test_view_answers_filters_by_language_orders_and_paginates(client, question):
    now = timezone.now()
    for n in range(25):
        AnswerFactory(
            question=question,
            body=f"Answer {n:02d}",
            language="fr" if n % 5 == 0 else "en",
            published_at=now - datetime.timedelta(hours=n),
        )
    url = f"/en/answers/{question.pk}/"
    page = client.get(url).content.decode()
    assert page.index("Answer 00") < page.index("Answer 01")
    assert "Page 1 of 2" in page and "Answer 24" not in page
    page = client.get(url, {"order": "oldest"}).content.decode()
    assert page.index("Answer 24") < page.index("Answer 23")
    page = client.get(url, {"language": "fr"}).content.decode()
    assert "5 published answers" in page and "Answer 01" not in page
    # Unknown values fall back to the defaults instead of failing.
    page = client.get(url, {"language": "xx", "order": "sideways", "page": "zz"})
    assert page.status_code == 200 and "25 published answers" in page.content.decode()
    page = client.get(url, {"order": "oldest", "page": 2}).content.decode()
    assert "Answer 00" in page and 'href="?order=oldest&amp;page=1"' in page


def test_answer_before_viewing_hides_others_until_the_reader_answered(client, participant):
    consultation = ConsultationFactory(answer_before_viewing=True)
    question = QuestionFactory(chapter=ChapterFactory(consultation=consultation))
    AnswerFactory(question=question, body="Someone else's opinion")
    url = f"/en/answers/{question.pk}/"
    assert "Someone else's opinion" not in client.get(url).content.decode()
    client.force_login(participant)
    page = client.get(url).content.decode()
    assert "Someone else's opinion" not in page and "once you have submitted your own" in page
    AnswerFactory(question=question, author=participant, status=Status.PENDING)
    assert "Someone else's opinion" in client.get(url).content.decode()
    client.logout()
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    assert "Someone else's opinion" in client.get(url).content.decode()


def test_withdrawing_removes_the_answer_from_view_answers(author_client, participant, question):
    answer = AnswerFactory(question=question, author=participant, body="Soon gone")
    response = author_client.post(f"/en/my-answers/{answer.pk}/withdraw/")
    assert response.status_code == 302
    assert "Soon gone" not in author_client.get(f"/en/answers/{question.pk}/").content.decode()
    assert "Withdrawn" in author_client.get("/en/questions/").content.decode()


def test_moderator_features_an_answer_and_participants_cannot(client, moderator, question):
    answer = AnswerFactory(question=question)
    client.force_login(UserFactory())
    assert client.post(f"/en/answers/featured/{answer.pk}/", {"featured": "1"}).status_code == 403
    client.force_login(moderator)
    response = client.post(f"/en/answers/featured/{answer.pk}/", {"featured": "1"})
    assert response["Location"] == f"/en/answers/{question.pk}/#answer-{answer.pk}"
    answer.refresh_from_db()
    assert answer.featured
    assert "Featured in the report" in client.get(f"/en/answers/{question.pk}/").content.decode()
    client.post(f"/en/answers/featured/{answer.pk}/")
    answer.refresh_from_db()
    assert not answer.featured


def test_moderator_hides_a_published_answer_from_view_answers(client, moderator, question):
    answer = AnswerFactory(question=question, body="Rude words here")
    from questions.services import answer_search_sync

    answer_search_sync(answer)
    client.force_login(moderator)
    url = f"/en/answers/{question.pk}/"
    response = client.post(
        "/en/moderation/decide/",
        {"key": f"answer:{answer.pk}", "action": "hide", "reason": "personal-attack", "next": url},
    )
    assert response["Location"] == url
    answer.refresh_from_db()
    assert (answer.status, answer.reason) == (Status.HIDDEN, "personal-attack")
    assert "Rude words here" not in client.get(url).content.decode()
    assert not SearchEntry.objects.exists()


def test_pages_without_a_consultation_say_so(client):
    assert "No discussion question" in client.get("/en/questions/").content.decode()
    assert "No discussion question" in client.get("/en/answers/").content.decode()


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("/en/questions/{q}/answer/", "/fr/questions/{q}/repondre/"),
        ("/en/answers/{q}/", "/fr/reponses/{q}/"),
        ("/en/accounts/profile/", "/fr/comptes/profil/"),
        ("/en/accounts/my-data/", "/fr/comptes/mes-donnees/"),
        ("/en/accounts/delete-account/", "/fr/comptes/supprimer-compte/"),
        ("/en/moderation/log/", "/fr/moderation/journal/"),
    ],
)
def test_french_pages_have_french_addresses_and_the_toggle_finds_them(
    client, moderator, question, english, french
):
    client.force_login(moderator)
    english, french = english.format(q=question.pk), french.format(q=question.pk)
    page = client.get(english).content.decode()
    assert re.search(rf'<a href="{re.escape(french)}" lang="fr"', page)
    page = client.get(french).content.decode()
    assert '<html lang="fr">' in page
    assert re.search(rf'<a href="{re.escape(english)}" lang="en"', page)


def test_french_answer_pages_speak_french(author_client, question):
    AnswerFactory(question=question, display_name="")
    page = author_client.get(f"/fr/reponses/{question.pk}/").content.decode()
    assert "Anonyme" in page and "1 réponse publiée" in page
    page = author_client.get(f"/fr/questions/{question.pk}/repondre/").content.decode()
    assert "Énoncé de confidentialité" in page and "Soumettre votre réponse" in page


def test_the_length_limit_reads_the_locale_way_in_french(author_client, question):
    response = author_client.post(f"/fr/questions/{question.pk}/repondre/", _form(body="x" * 5001))
    page = response.content.decode()
    assert "5\u202f001" in page and "5\u202f000" in page
    assert "5001" not in page.replace('maxlength="5000"', "")


def test_resubmitting_too_often_is_refused_with_429_and_the_text_kept(
    author_client, question, settings
):
    settings.ANSWER_SUBMIT_RATE = "3/3600"
    url = f"/en/questions/{question.pk}/answer/"
    for n in range(3):
        assert author_client.post(url, _form(body=f"Version {n}")).status_code == 302
    response = author_client.post(url, _form(body="Version 3"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have submitted this answer many times in a short time" in page
    assert "Version 3" in page  # still in the form
    answer = Answer.objects.get()
    assert answer.body == "Version 2"
    assert answer.status == Status.PENDING
    # Another question has its own count.
    other = QuestionFactory(chapter=question.chapter)
    assert author_client.post(f"/en/questions/{other.pk}/answer/", _form()).status_code == 302


def test_resubmission_limit_speaks_french(author_client, question, settings):
    settings.ANSWER_SUBMIT_RATE = "1/3600"
    url = f"/fr/questions/{question.pk}/repondre/"
    author_client.post(url, _form(body="Première"))
    response = author_client.post(url, _form(body="Deuxième"))
    assert response.status_code == 429
    assert "Vous avez soumis cette réponse" in response.content.decode()
