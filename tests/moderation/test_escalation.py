"""A second opinion: the item leaves the main queue for the shared escalation view,
staff or a senior moderator decides, and the log shows both steps."""

import pytest
from django.contrib.auth.models import Permission

from moderation.models import Escalation, ModerationDecision, Status
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(question):
    return AnswerFactory(question=question, status=Status.PENDING, body="A borderline answer")


def escalate(client, answer, note="Is this a personal attack?"):
    return client.post(
        "/en/moderation/escalate/",
        {"key": f"answer:{answer.pk}", "note": note, "next": "/en/moderation/"},
        follow=True,
    )


def test_an_escalated_item_leaves_the_queue_and_comes_back_decided(
    client, moderator, staff, answer
):
    client.force_login(moderator)
    page = escalate(client, answer).content.decode()
    assert "Sent for a second opinion; it waits in the escalation view." in page
    assert "A borderline answer" not in page  # gone from the main queue
    view = client.get("/en/moderation/second-opinions/").content.decode()
    assert "A borderline answer" in view and "Is this a personal attack?" in view
    assert moderator.email in view and "Staff or a senior moderator will decide." in view
    # An ordinary moderator cannot decide it, even by posting the form.
    refused = client.post(
        "/en/moderation/decide/",
        {"key": f"answer:{answer.pk}", "action": "publish", "expected_status": "pending"},
        follow=True,
    ).content.decode()
    assert "staff or a senior moderator decides" in refused
    answer.refresh_from_db()
    assert answer.status == Status.PENDING
    # Staff decide; the item leaves the escalation view, decided.
    client.force_login(staff)
    assert "Do not publish" in client.get("/en/moderation/second-opinions/").content.decode()
    client.post(
        "/en/moderation/decide/",
        {"key": f"answer:{answer.pk}", "action": "reject", "reason": "personal-attack"},
    )
    answer.refresh_from_db()
    assert answer.status == Status.REJECTED
    escalation = Escalation.objects.get()
    assert escalation.resolved_by == staff and escalation.resolved_at
    assert (
        "A borderline answer" not in client.get("/en/moderation/second-opinions/").content.decode()
    )
    steps = ModerationDecision.objects.filter(moderator__isnull=False).order_by("created_at", "id")
    assert [(d.action, d.moderator) for d in steps] == [
        ("escalate", moderator),
        ("rejected", staff),
    ]
    log = client.get("/en/moderation/log/").content.decode()
    assert "Sent for a second opinion" in log and "Is this a personal attack?" in log


def test_a_senior_moderator_decides_too(client, answer, moderator):
    client.force_login(moderator)
    escalate(client, answer)
    senior = UserFactory(role="moderator")
    senior.user_permissions.add(Permission.objects.get(codename="decide_escalations"))
    client.force_login(senior)
    client.post("/en/moderation/decide/", {"key": f"answer:{answer.pk}", "action": "publish"})
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED


def test_an_escalation_needs_a_note_and_happens_once(client, moderator, answer):
    client.force_login(moderator)
    assert "This field is required." in escalate(client, answer, note="").content.decode()
    escalate(client, answer)
    again = escalate(client, answer).content.decode()
    assert "This item already waits for a second opinion." in again
    assert Escalation.objects.count() == 1
