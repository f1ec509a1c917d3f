"""The own-data download holds one record of every kind the portal keeps about a person."""

import json

import pytest

from dialogue.models import Feedback
from forum.models import Flag, Subscription
from forum.services import participant_suspend
from moderation.models import Reason, Status
from moderation.services import status_change
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_download_holds_everything_about_the_person(client, participant, moderator):
    participant.display_name = "Pat the participant"
    participant.province = "ON"
    participant.save()
    answer = AnswerFactory(author=participant, body="An answer about okapis.")
    thread = ThreadFactory(author=participant, title="A thread about ibexes")
    own_post = PostFactory(thread=thread, author=participant, body="A reply about tapirs.")
    other_post = PostFactory(author=UserFactory(), body="Someone else's message.")
    Flag.objects.create(post=other_post, reporter=participant, reason=Reason.SPAM, note="spammy")
    Subscription.objects.create(thread=thread, user=participant)
    Subscription.objects.create(thread=other_post.thread, user=participant)
    Feedback.objects.create(
        message="The site about quokkas is slow.", language="en", user=participant
    )
    status_change(
        target=own_post,
        to_status=Status.HIDDEN,
        moderator=moderator,
        reason=Reason.OFF_TOPIC,
        note="Off the okapi topic",
        notify=False,
    )
    status_change(
        target=answer,
        to_status=Status.HIDDEN,
        moderator=moderator,
        reason=Reason.REPETITIVE,
        note="Said twice",
        notify=False,
    )
    participant_suspend(post=own_post, moderator=moderator, days=3, reason="Cool down")

    client.force_login(participant)
    response = client.get("/en/accounts/my-data/download/")
    data = json.loads(response.content)
    assert data["profile"]["province"] == "ON"
    assert data["account"]["suspension_reason"] == "Cool down"
    assert data["answers"][0]["answer"] == "An answer about okapis."
    assert data["answers"][0]["moderation"][-1]["note"] == "Said twice"
    forum = data["forum"]
    assert [t["title"] for t in forum["threads"]] == ["A thread about ibexes"]
    bodies = {p["body"] for p in forum["posts"]}
    assert {"A reply about tapirs.", "The opening message of the thread."} <= bodies
    [tapirs] = [p for p in forum["posts"] if p["body"] == "A reply about tapirs."]
    assert tapirs["moderation"][-1]["reason"] == Reason.OFF_TOPIC
    assert forum["flags_made"] == [
        {
            "post_id": other_post.pk,
            "thread_id": other_post.thread_id,
            "reason": Reason.SPAM,
            "note": "spammy",
            "resolved": False,
            "created_at": forum["flags_made"][0]["created_at"],
        }
    ]
    assert {s["thread_id"] for s in forum["subscriptions"]} == {thread.pk, other_post.thread_id}
    assert data["feedback"][0]["message"] == "The site about quokkas is slow."
    assert data["decisions_about_your_account"][0]["note"].endswith("Cool down")
    # What was decided and why, never who decided.
    assert moderator.email not in json.dumps(data)
    assert not any("moderator" in key for key in data["answers"][0]["moderation"][-1])
