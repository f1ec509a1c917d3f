import pytest

from moderation.models import Reason, Status
from moderation.notifications import decision_email_enqueue
from moderation.services import status_change
from outbox.models import EmailStatus, OutboxEmail
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_author_is_told_in_their_language_once(moderator, question, mailoutbox, sent_mail):
    author = UserFactory(preferred_language="fr")
    answer = AnswerFactory(question=question, author=author, status=Status.PENDING)
    with sent_mail():
        decision = status_change(
            target=answer,
            to_status=Status.REJECTED,
            moderator=moderator,
            reason=Reason.OFF_TOPIC,
            note="Merci de répondre à la question posée.",
        )
    with sent_mail():
        assert decision_email_enqueue(decision) is False  # a second call writes nothing
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [author.email]
    assert mail.subject == "Votre contribution n'a pas été publiée"
    assert question.text_fr in mail.body
    assert "Hors sujet" in mail.body
    assert "Merci de répondre à la question posée." in mail.body
    assert "&" not in mail.body  # plain text, not HTML-escaped
    assert OutboxEmail.objects.get(dedupe_key=f"decision:{decision.pk}").status == (
        EmailStatus.SENT
    )


def test_author_of_a_published_answer_is_thanked_in_english(
    moderator, question, mailoutbox, sent_mail
):
    answer = AnswerFactory(question=question, status=Status.PENDING)
    with sent_mail():
        status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
    assert mailoutbox[0].subject == "Your contribution is published"
    assert question.text_en in mailoutbox[0].body
    assert "reply to this e-mail" not in mailoutbox[0].body


def test_no_mail_for_a_deleted_author(moderator, question, mailoutbox, sent_mail):
    answer = AnswerFactory(question=question, author=None, status=Status.PENDING)
    with sent_mail():
        decision = status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
    assert decision_email_enqueue(decision) is False
    assert mailoutbox == []
    assert not OutboxEmail.objects.exists()


def test_a_decision_rolled_back_leaves_no_email(moderator, question, mailoutbox, sent_mail):
    from django.db import transaction

    answer = AnswerFactory(question=question, status=Status.PENDING)
    with sent_mail(), pytest.raises(RuntimeError), transaction.atomic():
        status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
        raise RuntimeError("the request failed after the decision")
    assert mailoutbox == []
    assert not OutboxEmail.objects.exists()


def test_a_message_queued_before_the_outbox_still_sends_once(
    moderator, question, mailoutbox, sent_mail
):
    """The old task name stays for messages already in the broker at the upgrade."""
    from moderation.tasks import decision_notify_author

    answer = AnswerFactory(question=question, status=Status.PENDING)
    with sent_mail():
        decision = status_change(
            target=answer, to_status=Status.PUBLISHED, moderator=moderator, notify=False
        )
    with sent_mail():
        decision_notify_author(decision.pk)
        decision_notify_author(decision.pk)
    assert [m.to for m in mailoutbox] == [[answer.author.email]]
