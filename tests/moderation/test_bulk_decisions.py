"""A bulk decision is set-based (locks, log rows and e-mails written together) and
leaves every item exactly as the same decisions taken one by one would."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogue.models import SearchEntry
from dialogue.search import search
from moderation.models import Claim, Escalation, ModerationDecision, Status
from moderation.queue import QueueFilters
from moderation.services import (
    batch_claim,
    item_escalate,
    item_status_change,
    items_status_change,
    status_change,
)
from outbox.models import OutboxEmail
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _pending(question, n: int, **extra):
    return AnswerFactory(
        question=question,
        status=Status.PENDING,
        submitted_at=timezone.now() - datetime.timedelta(minutes=1000 - n),
        **extra,
    )


def _bulk_queries(moderator, question, count: int) -> int:
    answers = [_pending(question, n) for n in range(count)]
    with CaptureQueriesContext(connection) as captured:
        outcome = items_status_change(
            moderator=moderator,
            targets=[("answer", answer.pk) for answer in answers],
            to_status=Status.REJECTED,
            reason="spam",
        )
    assert outcome.done == count and outcome.refused == []
    return len(captured.captured_queries)


def test_a_bulk_decision_runs_a_bounded_number_of_queries_whatever_the_batch(moderator):
    question = QuestionFactory()
    _bulk_queries(moderator, question, 3)  # the first also fills per-process caches
    small = _bulk_queries(moderator, question, 3)
    large = _bulk_queries(moderator, question, 30)
    # The locks, checks, log rows, e-mails, claims and search documents are a fixed
    # number of statements.
    assert large == small, (small, large)
    # Compared with about a dozen statements per item when decided one by one.
    assert small - 3 <= 13, (small, large)


def _scenario(question, moderator, colleague):
    """Five waiting answers: free, held by `moderator`, held by a colleague,
    sent for a second opinion, and decided meanwhile by the colleague."""
    answers = [_pending(question, n) for n in range(5)]
    _free, own, held, escalated, decided = answers
    now = timezone.now()
    for answer, who in ((own, moderator), (held, colleague)):
        Claim.objects.create(
            moderator=who,
            target_type_id=_answer_type(),
            target_id=answer.pk,
            claimed_at=now,
            expires_at=now + datetime.timedelta(minutes=10),
        )
    item_escalate(moderator=colleague, kind="answer", pk=escalated.pk, note="Is this a slur?")
    status_change(target=decided, to_status=Status.PUBLISHED, moderator=colleague)
    return answers


def _answer_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    from questions.models import Answer

    return ContentType.objects.get_for_model(Answer).pk


def _outcome(answers) -> list[tuple]:
    rows = []
    for answer in answers:
        answer.refresh_from_db()
        decisions = [
            (d.moderator_id, d.action, d.from_status, d.to_status, d.reason, d.note)
            for d in ModerationDecision.objects.filter(
                target_type_id=_answer_type(), target_id=answer.pk
            ).order_by("id")
        ]
        emails = [
            (e.to, e.subject, e.body)
            for e in OutboxEmail.objects.filter(to=answer.author.email).order_by("id")
        ]
        rows.append(
            (
                answer.status,
                answer.reason,
                answer.moderator_note,
                answer.published_at is not None,
                decisions,
                emails,
                SearchEntry.objects.filter(kind="answer", object_id=answer.pk).exists(),
                Claim.objects.filter(target_type_id=_answer_type(), target_id=answer.pk).count(),
                Escalation.objects.filter(target_id=answer.pk, resolved_at__isnull=True).count(),
            )
        )
    return rows


@pytest.mark.parametrize(
    ("to_status", "reason"), [(Status.PUBLISHED, ""), (Status.REJECTED, "spam")]
)
def test_bulk_gives_each_item_what_single_decisions_give(moderator, to_status, reason):
    colleague = UserFactory(role="moderator")
    question = QuestionFactory()
    one_by_one = _scenario(question, moderator, colleague)
    together = _scenario(question, moderator, colleague)
    note = "Checked against the netiquette."

    single_messages = []
    for answer in one_by_one:
        try:
            item_status_change(
                moderator=moderator,
                kind="answer",
                pk=answer.pk,
                to_status=to_status,
                reason=reason,
                note=note,
                expected_status=Status.PENDING,
            )
        except ValidationError as error:
            single_messages.extend(error.messages)
    outcome = items_status_change(
        moderator=moderator,
        targets=[("answer", answer.pk) for answer in together],
        to_status=to_status,
        reason=reason,
        note=note,
        expected_status=Status.PENDING,
    )

    assert outcome.refused == single_messages
    assert outcome.done == 2
    assert any("Already decided by" in message for message in outcome.refused)
    single, bulk = _outcome(one_by_one), _outcome(together)
    # Authors differ between the two sets; compare everything else item by item.
    strip = [(*row[:5], len(row[5]), *row[6:]) for row in single]
    assert strip == [(*row[:5], len(row[5]), *row[6:]) for row in bulk]
    for mine, theirs in zip(single, bulk, strict=True):
        assert [e[1:] for e in mine[5]] == [e[1:] for e in theirs[5]]


def test_a_claimed_batch_decided_in_bulk_is_released(moderator):
    question = QuestionFactory()
    answers = [_pending(question, n) for n in range(4)]
    assert batch_claim(moderator=moderator, filters=QueueFilters()) == 4
    outcome = items_status_change(
        moderator=moderator,
        targets=[("answer", answer.pk) for answer in answers] + [("unicorn", 1)],
        to_status=Status.PUBLISHED,
    )
    assert outcome.done == 4
    assert outcome.refused == ["Item unicorn:1 no longer exists."]
    assert Claim.objects.count() == 0
    assert SearchEntry.objects.filter(kind="answer").count() == 4


def _found(consultation, language: str, word: str) -> set[str]:
    return {
        result["url"].rsplit("#answer-", 1)[-1]
        for result in search(consultation=consultation, language=language, query=word)
        if result["kind"] == "answer"
    }


def test_search_follows_a_bulk_decision(moderator, question):
    """Published in bulk: every answer is found in its own language, its phone number
    masked; hidden in bulk: none is found any more; one without consent never is."""
    english = [
        _pending(question, n, language="en", body=f"Zebrafish trade {n}, call 613-555-0101.")
        for n in range(3)
    ]
    french = [_pending(question, n, language="fr", body=f"Poissons-zèbres {n}.") for n in range(2)]
    private = _pending(question, 9, language="en", body="Zebrafish kept private.")
    private.consent_to_publish = False
    private.save(update_fields=["consent_to_publish"])
    everyone = [*english, *french, private]
    consultation = question.consultation
    assert _found(consultation, "en", "zebrafish") == set()

    outcome = items_status_change(
        moderator=moderator,
        targets=[("answer", answer.pk) for answer in everyone],
        to_status=Status.PUBLISHED,
    )

    assert outcome.done == 6
    assert _found(consultation, "en", "zebrafish") == {str(answer.pk) for answer in english}
    assert _found(consultation, "fr", "poissons") == {str(answer.pk) for answer in french}
    assert not SearchEntry.objects.filter(object_id=private.pk, kind="answer").exists()
    assert not SearchEntry.objects.filter(kind="answer", body__contains="613-555").exists()
    assert set(SearchEntry.objects.filter(kind="answer").values_list("object_id", "language")) == {
        (answer.pk, answer.language) for answer in [*english, *french]
    }

    outcome = items_status_change(
        moderator=moderator,
        targets=[("answer", answer.pk) for answer in [*english, french[0]]],
        to_status=Status.HIDDEN,
        reason="spam",
    )

    assert outcome.done == 4
    assert _found(consultation, "en", "zebrafish") == set()
    assert _found(consultation, "fr", "poissons") == {str(french[1].pk)}


def test_a_bulk_decision_updates_search_in_a_fixed_number_of_statements(moderator, question):
    def statements(count: int) -> int:
        answers = [_pending(question, n, body=f"Answer {n} about trade.") for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            items_status_change(
                moderator=moderator,
                targets=[("answer", answer.pk) for answer in answers],
                to_status=Status.PUBLISHED,
            )
        return sum("dialogue_searchentry" in query["sql"] for query in captured.captured_queries)

    assert statements(2) == statements(20)


def test_each_author_of_a_bulk_decision_is_told_in_their_language_about_their_question(
    moderator,
):
    """The e-mails of a bulk decision are rendered once per wording (language, question),
    and each author still gets their own."""
    questions = [QuestionFactory(), QuestionFactory()]
    answers = [
        AnswerFactory(
            question=question,
            status=Status.PENDING,
            author=UserFactory(preferred_language=language),
        )
        for question in questions
        for language in ("en", "fr", "en")
    ]
    items_status_change(
        moderator=moderator,
        targets=[("answer", answer.pk) for answer in answers],
        to_status=Status.REJECTED,
        reason="off-topic",
        note="Please answer the question asked.",
    )
    for answer in answers:
        [email] = OutboxEmail.objects.filter(to=answer.author.email)
        french = answer.author.preferred_language == "fr"
        assert email.language == answer.author.preferred_language
        assert getattr(answer.question, f"text_{email.language}") in email.body
        other = questions[1] if answer.question == questions[0] else questions[0]
        assert getattr(other, f"text_{email.language}") not in email.body
        assert ("Hors sujet" in email.body) is french
        assert ("Off topic" in email.body) is not french
        assert "Please answer the question asked." in email.body
