"""Unsubscribe links in e-mails expire, and an expired one says so."""

import time
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse

from forum.models import Subscription
from forum.services import UNSUBSCRIBE_SALT, unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class _SignerDaysAgo(signing.TimestampSigner):
    """Signs like the portal does, with a timestamp `days` in the past."""

    def __init__(self, *, days: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.days = days

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - self.days * 86400)


def _token_days_old(subscription: Subscription, days: int) -> str:
    return _SignerDaysAgo(days=days, salt=UNSUBSCRIBE_SALT).sign_object(
        {"t": subscription.thread_id, "u": subscription.user_id}
    )


def test_a_link_older_than_the_limit_is_refused_with_a_clear_page(client, thread, settings):
    settings.FORUM_UNSUBSCRIBE_MAX_AGE_DAYS = 60
    subscription = Subscription.objects.create(thread=thread, user=UserFactory())
    url = reverse("forum:unsubscribe_token", kwargs={"token": _token_days_old(subscription, 61)})

    assert client.post(url).status_code == 410
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert reverse("account_login") in html


def test_a_link_within_the_limit_still_works(client, thread, settings):
    settings.FORUM_UNSUBSCRIBE_MAX_AGE_DAYS = 60
    subscription = Subscription.objects.create(thread=thread, user=UserFactory())
    url = reverse("forum:unsubscribe_token", kwargs={"token": _token_days_old(subscription, 59)})
    assert client.post(url).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_the_tokens_the_portal_sends_are_the_timestamped_kind(thread):
    subscription = Subscription.objects.create(thread=thread, user=UserFactory())
    token = unsubscribe_token(subscription)
    with pytest.raises(signing.SignatureExpired):
        signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=-1)
