"""Reply e-mails to subscribers, the signed unsubscribe link and the moderators' digest."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from forum import notifications, services
from forum.models import Subscription
from moderation import digest
from moderation.models import Status
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_published_reply_emails_the_subscribed_author_in_their_language(
    client, trusted, board, django_capture_on_commit_callbacks, settings, eager_celery
):
    author = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            board=board,
            author=author,
            title="Le commerce nord-américain",
            body="Début",
            language="fr",
        )
    status_change_publish(thread)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(thread=thread, author=trusted, body="Une réponse", language="fr")
    [message] = mail.outbox
    assert message.to == [author.email]
    assert "Le commerce nord-américain" in message.subject
    assert "Une réponse" in message.body
    assert f"{settings.SITE_URL}/fr/forum/" in message.body
    # The reply's own author is not told about their own reply.
    assert trusted.email not in [m.to[0] for m in mail.outbox]


def status_change_publish(thread):
    from moderation.services import status_change

    status_change(
        target=thread.posts.get(is_opening=True),
        to_status=Status.PUBLISHED,
        moderator=UserFactory(role="moderator"),
        notify=False,
    )


def test_at_most_one_email_per_thread_per_hour_and_the_rest_follows(thread, sent_mail):
    subscriber = UserFactory()
    Subscription.objects.create(thread=thread, user=subscriber)
    Subscription.objects.filter(user=subscriber).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    PostFactory(
        thread=thread,
        body="First reply",
        published_at=timezone.now() - datetime.timedelta(minutes=90),
    )
    with sent_mail():
        assert notifications.thread_subscribers_notify(thread.pk) == 1
    PostFactory(
        thread=thread,
        body="Second reply",
        published_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    # Within the hour: nothing, even when the task runs twice.
    with sent_mail():
        assert notifications.thread_subscribers_notify(thread.pk) == 0
        assert notifications.thread_subscribers_notify(thread.pk) == 0
    assert len(mail.outbox) == 1
    # An hour later the periodic flush sends what was held back, once.
    Subscription.objects.filter(user=subscriber).update(
        last_notified_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    with sent_mail():
        assert notifications.notifications_flush() == 1
        assert notifications.notifications_flush() == 0
    assert len(mail.outbox) == 2
    assert "Second reply" in mail.outbox[1].body
    assert "First reply" not in mail.outbox[1].body


def test_unsubscribe_link_works_without_signing_in(client, thread, sent_mail):
    subscriber = UserFactory()
    Subscription.objects.create(thread=thread, user=subscriber)
    Subscription.objects.filter(user=subscriber).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    PostFactory(thread=thread)
    with sent_mail():
        notifications.thread_subscribers_notify(thread.pk)
    link = re.search(r"http://\S+/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    assert Subscription.objects.filter(user=subscriber).exists()  # GET changes nothing
    response = client.post(path)
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=subscriber).exists()
    # A forged token is refused.
    assert client.get(path[:-5] + "XXXX/").status_code == 404


def test_subscribe_and_unsubscribe_buttons(client, participant, thread):
    client.force_login(participant)
    client.post(f"/en/forum/threads/{thread.pk}/subscribe/")
    assert Subscription.objects.filter(user=participant, thread=thread).exists()
    assert (
        "Stop e-mails about this thread" in client.get(thread.get_absolute_url()).content.decode()
    )
    client.post(f"/en/forum/threads/{thread.pk}/unsubscribe/")
    assert not Subscription.objects.filter(user=participant, thread=thread).exists()


def test_digest_tells_moderators_about_items_waiting_too_long(board, settings, sent_mail):
    settings.MODERATION_DIGEST_AFTER_HOURS = 24
    moderator = UserFactory(role="moderator", preferred_language="en")
    UserFactory()  # a participant gets nothing
    thread = ThreadFactory(board=board, status=Status.PENDING)
    assert digest.digest_send() == 0  # nothing has waited a day yet
    later = timezone.now() + datetime.timedelta(hours=25)
    with sent_mail():
        assert digest.digest_send(now=later) == 1
        assert digest.digest_send(now=later) == 0  # once a day, even when run twice
    [message] = mail.outbox
    assert message.to == [moderator.email]
    assert "1 item is waiting for moderation" in message.subject
    assert f"{settings.SITE_URL}/en/moderation/" in message.body
    assert thread.title not in message.body  # no participant text in the e-mail
