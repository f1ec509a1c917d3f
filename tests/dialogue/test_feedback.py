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
    assert "at most 5 messages in 60 minutes" in response.content.decode()
    assert Feedback.objects.count() == 5


def test_feedback_limit_is_per_client_behind_the_proxy(client, demo_paper, settings):
    """Behind our proxy every request comes from its address; the limit is the client's."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        response = client.post(
            "/en/feedback/", {"message": f"note {n}"}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        )
        assert response.status_code == 302
    response = client.post(
        "/en/feedback/", {"message": "six"}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
    )
    assert response.status_code == 429
    # Someone else behind the same proxy is not refused for it.
    response = client.post(
        "/en/feedback/", {"message": "mine"}, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy
    )
    assert response.status_code == 302
    assert Feedback.objects.count() == 6
