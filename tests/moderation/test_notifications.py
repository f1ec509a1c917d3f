import pytest

from moderation.models import Reason, Status
from moderation.notifications import decision_notify_author
from moderation.services import status_change
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_author_is_told_in_their_language_once(moderator, question, mailoutbox):
    author = UserFactory(preferred_language="fr")
    answer = AnswerFactory(question=question, author=author, status=Status.PENDING)
    decision = status_change(
        target=answer,
        to_status=Status.REJECTED,
        moderator=moderator,
        reason=Reason.OFF_TOPIC,
        note="Merci de répondre à la question posée.",
        notify=False,
    )
    assert decision_notify_author(decision.pk) is True
    assert decision_notify_author(decision.pk) is False  # a second run sends nothing
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [author.email]
    assert mail.subject == "Votre contribution n'a pas été publiée"
    assert question.text_fr in mail.body
    assert "Hors sujet" in mail.body
    assert "Merci de répondre à la question posée." in mail.body
    assert "&" not in mail.body  # plain text, not HTML-escaped


def test_author_of_a_published_answer_is_thanked_in_english(moderator, question, mailoutbox):
    answer = AnswerFactory(question=question, status=Status.PENDING)
    decision = status_change(
        target=answer, to_status=Status.PUBLISHED, moderator=moderator, notify=False
    )
    decision_notify_author(decision.pk)
    assert mailoutbox[0].subject == "Your contribution is published"
    assert question.text_en in mailoutbox[0].body
    assert "reply to this e-mail" not in mailoutbox[0].body


def test_no_mail_for_a_deleted_author(moderator, question, mailoutbox):
    answer = AnswerFactory(question=question, author=None, status=Status.PENDING)
    decision = status_change(
        target=answer, to_status=Status.PUBLISHED, moderator=moderator, notify=False
    )
    assert decision_notify_author(decision.pk) is False
    assert mailoutbox == []
