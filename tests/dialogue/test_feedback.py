import pytest

from dialogue.models import Feedback

pytestmark = pytest.mark.django_db


def test_feedback_is_stored(client, demo_paper):
    response = client.post("/en/feedback/", {"message": "The PDF link is broken.", "email": ""})
    assert response.status_code == 302
    assert Feedback.objects.get().message == "The PDF link is broken."


def test_empty_and_bad_feedback_is_refused_in_the_readers_language(client, demo_paper):
    response = client.post("/fr/retroaction/", {"message": "", "email": "pas-un-courriel"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Rédigez vos commentaires avant de les envoyer." in html
    assert 'aria-invalid="true"' in html
    assert not Feedback.objects.exists()


def test_too_long_feedback_is_refused(client, demo_paper):
    response = client.post("/en/feedback/", {"message": "x" * 2001})
    assert response.status_code == 422
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited(client, demo_paper):
    for n in range(5):
        assert client.post("/en/feedback/", {"message": f"note {n}"}).status_code == 302
    response = client.post("/en/feedback/", {"message": "one too many"})
    assert response.status_code == 429
    assert b"Please try again in an hour" in response.content
    assert Feedback.objects.count() == 5
