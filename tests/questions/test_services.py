import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from dialogue.models import ModerationMode, SearchEntry
from moderation.models import ModerationDecision, Reason, Status
from moderation.services import decisions_for, status_change
from questions.models import Answer
from questions.services import answer_feature, answer_save, answer_withdraw
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _save(user, question, body="Diplomacy before force.", submit=True, **extra):
    values = {"language": "en", "consent_to_publish": True, "display_name": "", **extra}
    return answer_save(user=user, question=question, body=body, submit=submit, **values)


def test_submitting_sends_the_answer_to_moderation_and_logs_it(participant, question):
    answer, first = _save(participant, question, body="Write to me at me@example.org")
    assert first is True
    assert answer.status == Status.PENDING
    assert answer.submitted_at is not None and answer.published_at is None
    assert answer.pii_detected is True
    assert [d.action for d in decisions_for(answer)] == ["author-pending"]
    assert not SearchEntry.objects.filter(kind="answer").exists()


def test_a_draft_stays_private_until_submitted(participant, question):
    answer, first = _save(participant, question, submit=False)
    assert (answer.status, first, answer.submitted_at) == (Status.DRAFT, False, None)
    answer, first = _save(participant, question, body="Now finished.")
    assert answer.status == Status.PENDING and first is True
    assert Answer.objects.count() == 1


def test_a_submitted_answer_cannot_go_back_to_draft(participant, question):
    _save(participant, question)
    with pytest.raises(ValidationError, match="already submitted"):
        _save(participant, question, body="Changed", submit=False)
    assert Answer.objects.get().body == "Diplomacy before force."


def test_post_moderation_publishes_at_once_into_search_with_pii_masked(participant):
    consultation = ConsultationFactory(moderation_mode=ModerationMode.POST)
    question = QuestionFactory(chapter=ChapterFactory(consultation=consultation))
    answer, _ = _save(
        participant, question, body="Call 613-555-0199 about **trade**", language="fr"
    )
    assert answer.status == Status.PUBLISHED and answer.published_at is not None
    entry = SearchEntry.objects.get(kind="answer", object_id=answer.pk)
    assert entry.language == "fr"
    assert entry.title == question.text_fr
    # The mask is written in the answer's language.
    assert "613-555-0199" not in entry.body and "[numéro de téléphone retiré]" in entry.body
    assert entry.body.endswith("trade")  # Markdown reduced to text
    assert entry.url == f"/fr/reponses/{question.pk}/#answer-{answer.pk}"
    assert decisions_for(answer).get().action == "author-published"


def test_moderator_publication_indexes_and_editing_resubmits(participant, moderator, question):
    answer, _ = _save(participant, question)
    status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
    assert SearchEntry.objects.filter(kind="answer", object_id=answer.pk, language="en").exists()

    answer, first = _save(participant, question, body="On reflection, trade first.")
    assert first is False
    answer.refresh_from_db()
    assert answer.status == Status.PENDING
    assert answer.body == "On reflection, trade first."
    assert not SearchEntry.objects.filter(kind="answer").exists()


def test_pressing_submit_twice_or_on_an_unchanged_answer_changes_nothing(
    participant, moderator, question
):
    answer, _ = _save(participant, question)
    _save(participant, question)
    assert Answer.objects.count() == 1
    assert decisions_for(answer).count() == 1
    status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
    answer, _ = _save(participant, question)
    assert answer.status == Status.PUBLISHED


def test_a_refused_answer_can_be_improved_and_resubmitted(participant, moderator, question):
    answer, _ = _save(participant, question)
    status_change(
        target=answer, to_status=Status.REJECTED, moderator=moderator, reason=Reason.OFF_TOPIC
    )
    answer, _ = _save(participant, question, body="Back on topic now.")
    assert (answer.status, answer.reason) == (Status.PENDING, "")


@pytest.mark.parametrize(
    ("body", "language", "message"),
    [
        ("   ", "en", "Write your answer"),
        ("x" * 5001, "en", "5,001 characters long; the limit is 5,000"),
        ("Fine.", "de", "Choose English or French"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    participant, question, body, language, message
):
    with pytest.raises(ValidationError, match=message):
        _save(participant, question, body=body, language=language)
    assert not Answer.objects.exists()
    assert not ModerationDecision.objects.exists()


def test_closed_consultation_refuses_edits_and_withdrawal_and_keeps_the_original(
    participant, question
):
    answer, _ = _save(participant, question)
    question.consultation.state = "closed"
    question.consultation.save()
    with pytest.raises(ValidationError, match="closed"):
        _save(participant, question, body="Too late")
    with pytest.raises(ValidationError, match="closed"):
        answer_withdraw(user=participant, answer=answer)
    answer.refresh_from_db()
    assert (answer.body, answer.status) == ("Diplomacy before force.", Status.PENDING)


def test_suspended_participant_cannot_answer(participant, moderator, question):
    import datetime

    from django.utils import timezone

    from moderation.services import user_suspend

    user_suspend(
        user=participant,
        until=timezone.now() + datetime.timedelta(days=1),
        reason="Insults",
        moderator=moderator,
    )
    with pytest.raises(PermissionDenied):
        _save(participant, question)


def test_withdrawing_takes_the_answer_out_of_search_and_can_be_undone(
    participant, moderator, question
):
    answer, _ = _save(participant, question)
    status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
    answer_withdraw(user=participant, answer=answer)
    answer.refresh_from_db()
    assert answer.status == Status.WITHDRAWN
    assert not SearchEntry.objects.exists()
    with pytest.raises(PermissionDenied):
        answer_withdraw(user=moderator, answer=answer)
    answer, _ = _save(participant, question, body="I changed my mind again.")
    assert answer.status == Status.PENDING


def test_only_a_moderator_features_and_only_published_answers(participant, moderator, question):
    answer = AnswerFactory(question=question)
    with pytest.raises(PermissionDenied):
        answer_feature(moderator=participant, answer=answer, featured=True)
    assert answer_feature(moderator=moderator, answer=answer, featured=True).featured
    assert decisions_for(answer).get().action == "feature"
    pending = AnswerFactory(question=question, status=Status.PENDING)
    with pytest.raises(ValidationError):
        answer_feature(moderator=moderator, answer=pending, featured=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_leave_exactly_one_answer():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    user = UserFactory()
    question = QuestionFactory()
    barrier = threading.Barrier(2)
    errors = []

    def submit(body):
        try:
            barrier.wait(timeout=10)
            _save(user, question, body=body)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(f"Version {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    answer = Answer.objects.get(author=user, question=question)
    assert answer.body in ("Version 1", "Version 2")
    assert answer.status == Status.PENDING
