"""Participant text in e-mail headers: titles are one line, subjects are cleaned, and one
e-mail that cannot be sent never holds back the others."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from forum import notifications, services
from forum.models import Subscription, Thread
from outbox.models import EmailStatus, OutboxEmail
from outbox.services import email_enqueue
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

# Line breaks of every kind, a tab, NUL, BEL, NEL and the Unicode line separator.
BREAKING_TITLES = [
    "Trade and aid\nBcc: everyone@example.org",
    "Trade and aid\r\nX-Spam: yes",
    "Trade\rand aid",
    "Trade\tand aid",
    "Trade and aid\x00",
    "Trade\x07 and aid",
    "Trade\x85and aid",
    "Trade\u2028and aid",
]


@pytest.mark.parametrize("title", BREAKING_TITLES)
def test_a_subject_with_line_breaks_or_control_characters_is_sent_on_one_line(
    title, sent_mail, mailoutbox
):
    with sent_mail():
        email = email_enqueue(
            to="reader@example.org", subject=f"New replies: {title}", body="…", language="en"
        )
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    [message] = mailoutbox
    header = message.message()["Subject"]
    assert "\n" not in header and "\r" not in header
    assert message.message()["Bcc"] is None and message.message()["X-Spam"] is None
    assert not any(ord(char) < 32 or char in "\x7f\x85\u2028\u2029" for char in message.subject)
    assert message.subject.startswith("New replies: Trade")


def _subscribed_thread(title: str, subscriber_email: str | None = None) -> Thread:
    # Written straight to the database, as titles were before they were checked.
    thread = ThreadFactory(title=title)
    subscriber = UserFactory(**({"email": subscriber_email} if subscriber_email else {}))
    Subscription.objects.create(thread=thread, user=subscriber)
    Subscription.objects.filter(user=subscriber).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    PostFactory(thread=thread, body="A reply worth reading")
    return thread


def test_a_title_with_a_newline_no_longer_stops_the_other_threads_notifications(
    sent_mail, mailoutbox
):
    """It used to raise BadHeaderError in the flush, and no other thread got its e-mails."""
    _subscribed_thread("Broken\nBcc: everyone@example.org")
    _subscribed_thread("A sound title")
    with sent_mail():
        assert notifications.notifications_flush() == 2
    subjects = sorted(message.subject for message in mailoutbox)
    assert len(subjects) == 2
    # One line; the address in the title is masked like every title readers see.
    assert any("Broken Bcc: " in subject for subject in subjects)
    assert not any("everyone@example.org" in subject for subject in subjects)
    assert any("A sound title" in subject for subject in subjects)


def test_an_email_that_cannot_be_sent_fails_alone(sent_mail, mailoutbox):
    _subscribed_thread("Out of reach", subscriber_email="broken\n@example.org")
    _subscribed_thread("Within reach")
    with sent_mail():
        assert notifications.notifications_flush() == 2
    [message] = mailoutbox
    assert "Within reach" in message.subject
    failed = OutboxEmail.objects.get(status=EmailStatus.FAILED)
    assert failed.to == "broken\n@example.org" and failed.last_error


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The title must fit on one line"),
        ("fr", "Le titre doit tenir sur une ligne"),
    ],
)
@pytest.mark.parametrize("title", BREAKING_TITLES[:3] + BREAKING_TITLES[-1:])
def test_the_new_thread_form_refuses_a_title_on_several_lines(
    client, participant, language, message, title
):
    board = BoardFactory()
    client.force_login(participant)
    with translation.override(language):
        url = reverse("forum:new_thread", kwargs={"slug": board.slug})
    response = client.post(url, {"title": title, "body": "Aid and trade.", "language": "en"})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Thread.objects.exists()


def test_the_thread_service_refuses_a_title_on_several_lines(participant):
    board = BoardFactory()
    with pytest.raises(ValidationError) as refused:
        services.thread_create(
            board=board, author=participant, title="One\nTwo", body="Aid.", language="en"
        )
    assert "title" in refused.value.message_dict
    assert not Thread.objects.exists()
    # A title with ordinary spaces and accents is fine.
    thread = services.thread_create(
        board=board, author=participant, title="  Le commerce, l'aide  ", body="Aid.", language="fr"
    )
    assert thread.title == "Le commerce, l'aide"
