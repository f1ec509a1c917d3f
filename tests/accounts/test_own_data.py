import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from dialogue.models import SearchEntry
from moderation.models import Status
from questions.models import Answer
from questions.services import answer_search_sync
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import PASSWORD, UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return QuestionFactory(chapter=ChapterFactory(consultation=ConsultationFactory()))


@pytest.fixture
def signed_in(client, participant):
    client.force_login(participant)
    return client


@pytest.mark.parametrize(
    "url", ["/en/accounts/profile/", "/en/accounts/my-data/", "/en/accounts/delete-account/"]
)
def test_account_pages_need_a_signed_in_user(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_is_optional_saved_and_changeable(signed_in, participant):
    page = signed_in.get("/en/accounts/profile/").content.decode()
    assert "Privacy statement" in page and "never shown next to your answers" in page
    response = signed_in.post(
        "/en/accounts/profile/",
        {"preferred_language": "fr", "province": "", "age_range": "", "respondent_type": ""},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.profile_completed_at is not None
    assert participant.preferred_language == "fr"
    signed_in.post(
        "/en/accounts/profile/",
        {
            "preferred_language": "en",
            "province": "MB",
            "age_range": "25-34",
            "respondent_type": "individual",
            "organisation_name": "Ignored for individuals",
        },
    )
    participant.refresh_from_db()
    assert (participant.province, participant.age_range) == ("MB", "25-34")
    assert participant.organisation_name == ""


def test_organisation_needs_its_name_and_bad_choices_are_refused(signed_in, participant):
    response = signed_in.post(
        "/en/accounts/profile/",
        {"preferred_language": "en", "respondent_type": "organisation", "province": "ZZ"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Give the name of the organisation you answer for." in page
    assert "Select a valid choice" in page
    participant.refresh_from_db()
    assert participant.profile_completed_at is None


def test_profile_is_never_shown_next_to_an_answer(client, participant, question):
    participant.province, participant.organisation_name = "NU", "Arctic Futures Society"
    participant.save()
    AnswerFactory(question=question, author=participant, display_name="Kim")
    page = client.get(f"/en/answers/{question.pk}/").content.decode()
    assert "Kim" in page
    assert "Nunavut" not in page and "Arctic Futures Society" not in page
    assert participant.email not in page


def test_download_holds_the_profile_and_every_answer_unmasked(signed_in, participant, question):
    participant.province = "QC"
    participant.save()
    AnswerFactory(
        question=question,
        author=participant,
        body="Écrivez-moi : moi@example.org",
        language="fr",
        status=Status.PENDING,
    )
    AnswerFactory(question=QuestionFactory(chapter=question.chapter), author=participant)
    AnswerFactory(question=question)  # someone else's
    response = signed_in.get("/en/accounts/my-data/download/")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == participant.email
    assert data["profile"]["province"] == "QC"
    assert len(data["answers"]) == 2
    first = data["answers"][0]
    assert first["answer"] == "Écrivez-moi : moi@example.org"
    assert first["question"] == question.text_fr
    assert (first["status"], first["language"]) == ("pending", "fr")
    assert first["submitted_at"] and first["created_at"]


def test_deleting_the_account_follows_the_privacy_notice(client, question):
    user = UserFactory(display_name="Pat")
    published = AnswerFactory(question=question, author=user, display_name="Pat")
    answer_search_sync(published)
    pending = AnswerFactory(
        question=QuestionFactory(chapter=question.chapter), author=user, status=Status.PENDING
    )
    rejected = AnswerFactory(
        question=QuestionFactory(chapter=question.chapter), author=user, status=Status.REJECTED
    )
    client.force_login(user)
    page = client.get("/en/accounts/delete-account/").content.decode()
    assert "your published answers stay, anonymised" in page

    response = client.post("/en/accounts/delete-account/", {"password": "not-my-password"})
    assert "This is not your password." in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()

    response = client.post("/en/accounts/delete-account/", {"password": PASSWORD})
    assert response.status_code == 302
    # The account, its e-mail address and its profile are erased.
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    # Unpublished answers are deleted; the published one stays, anonymised.
    assert not Answer.objects.filter(pk__in=[pending.pk, rejected.pk]).exists()
    published.refresh_from_db()
    assert (published.author, published.display_name) == (None, "")
    assert SearchEntry.objects.filter(kind="answer", object_id=published.pk).exists()
    page = client.get(f"/en/answers/{question.pk}/").content.decode()
    assert "Anonymous" in page and "Pat" not in page
    # Signed out.
    assert client.get("/en/accounts/profile/").status_code == 302


def test_an_account_without_password_confirms_by_typing_a_word(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post("/en/accounts/delete-account/", {"confirmation": "yes"})
    assert "Type DELETE to confirm." in response.content.decode()
    client.post("/en/accounts/delete-account/", {"confirmation": "delete"})
    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_account_pages_link_to_each_other(signed_in):
    page = signed_in.get("/en/accounts/profile/").content.decode()
    for href in [
        'href="/en/accounts/my-data/"',
        'href="/en/accounts/delete-account/"',
        'href="/en/accounts/email/"',
    ]:
        assert href in page
    assert 'href="/en/accounts/profile/"' in signed_in.get("/en/questions/").content.decode()
