import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.decorators import moderator_required, participant_required, staff_required

pytestmark = pytest.mark.django_db


def _ok(request):
    return HttpResponse("written")


def _request(user):
    request = RequestFactory().get("/en/questions/1/answer/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_anonymous_reader_is_sent_to_sign_in():
    response = participant_required(_ok)(_request(AnonymousUser()))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "next=/en/questions/1/answer/" in response["Location"]


def test_unverified_email_cannot_write(unverified_user):
    response = participant_required(_ok)(_request(unverified_user))
    assert response.status_code == 403
    assert b"Verify your e-mail address" in response.content


def test_verified_participant_can_write(participant):
    response = participant_required(_ok)(_request(participant))
    assert response.content == b"written"


def test_moderator_only_views_refuse_participants(participant, moderator):
    with pytest.raises(PermissionDenied):
        moderator_required(_ok)(_request(participant))
    assert moderator_required(_ok)(_request(moderator)).content == b"written"


def test_staff_only_views_refuse_moderators(moderator, staff):
    with pytest.raises(PermissionDenied):
        staff_required(_ok)(_request(moderator))
    assert staff_required(_ok)(_request(staff)).content == b"written"


def test_signup_requires_email_verification_before_sign_in(client, mailoutbox, sent_mail):
    with sent_mail():
        response = client.post(
            "/en/accounts/signup/",
            {
                "email": "new@example.org",
                "password1": "a-long-pass-9876",
                "password2": "a-long-pass-9876",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    assert "new@example.org" in mailoutbox[0].to
    # Not signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session


def test_suspended_participant_is_told_why_and_until_when(participant, moderator):
    import datetime

    from django.utils import timezone

    from accounts.decorators import contributor_required
    from moderation.services import user_suspend

    until = timezone.now() + datetime.timedelta(days=3)
    user_suspend(user=participant, until=until, reason="Repeated insults", moderator=moderator)
    response = contributor_required(_ok)(_request(participant))
    assert response.status_code == 403
    assert b"Repeated insults" in response.content
    user_suspend(user=participant, until=None, reason="", moderator=moderator)
    assert contributor_required(_ok)(_request(participant)).content == b"written"
