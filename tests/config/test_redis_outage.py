"""Redis is a broker and a cache: with it stopped or hung, every write still succeeds.

Each test points this process's cache and Celery broker at a Redis server of its
own (`tests/private_redis.py`), then stops it (connections refused) or hangs it
with SIGSTOP (connections accepted, nothing answered) before the requests. The
page must answer as usual and the row must be in the database; the cache and the
queueing helper say in the log what they could not do.
"""

import pytest
import redis
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from dialogue.models import Feedback
from forum.models import Post, Thread
from moderation.models import ModerationDecision, Status
from outbox.models import OutboxEmail
from questions.models import Answer
from reports.models import ReportRun, RunState
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import PASSWORD, UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.private_redis import outage_forget
from tests.questions.factories import AnswerFactory, QuestionFactory

# Real commits: the tasks are queued by on-commit callbacks, as in production.
pytestmark = [pytest.mark.redis_outage, pytest.mark.django_db(transaction=True)]

MODES = ["stopped", "hung"]
CACHE_WARNING = "cache unavailable"
QUEUE_WARNING = "task not queued"


@pytest.fixture
def server(portal_on_private_redis):
    return portal_on_private_redis


@pytest.fixture
def question(db):
    consultation = ConsultationFactory()
    return QuestionFactory(chapter=ChapterFactory(consultation=consultation))


def _trusted_author(settings):
    user = UserFactory(display_name="Steady Sam")
    for _ in range(settings.FORUM_TRUST_THRESHOLD):
        PostFactory(author=user)
    return user


def test_the_portal_really_uses_the_private_redis(client, server, participant, question):
    """The check the outage tests rely on: while Redis is up, counters and tasks land in it."""
    client.force_login(participant)
    url = f"/en/questions/{question.pk}/answer/"
    client.post(url, {"body": "Counted.", "language": "en", "action": "submit"})
    direct = redis.Redis.from_url(server.url)
    assert any(b"rl:answer-submit" in key for key in direct.keys("*"))


@pytest.mark.parametrize("mode", MODES)
def test_forum_reply_and_new_thread(client, server, settings, mode, caplog):
    author = _trusted_author(settings)
    board = BoardFactory()
    thread = ThreadFactory(board=board)
    client.force_login(author)
    server.outage(mode)

    response = client.post(
        f"/en/forum/threads/{thread.pk}/reply/", {"body": "Written in an outage.", "language": "en"}
    )
    assert response.status_code == 302
    assert Post.objects.filter(
        author=author, body="Written in an outage.", status=Status.PUBLISHED
    ).exists()

    with translation.override("en"):
        url = reverse("forum:new_thread", kwargs={"slug": board.slug})
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "title": "A thread opened in an outage",
            "body": "Still saved.",
            "language": "en",
            "submission_key": form.initial["submission_key"],
        },
    )
    assert response.status_code == 302
    assert Thread.objects.filter(author=author, title="A thread opened in an outage").exists()
    assert client.get(response["Location"]).status_code == 200
    assert CACHE_WARNING in caplog.text
    # The reply's notification task could not be queued: said, not raised.
    assert QUEUE_WARNING in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_sign_in_and_sign_up(client, server, participant, mode, caplog):
    server.outage(mode)
    response = client.post(
        "/en/accounts/login/", {"login": participant.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)
    client.logout()

    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "password1": "a-long-pass-9876",
            "password2": "a-long-pass-9876",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="newcomer@example.org").exists()
    # The confirmation is written to the outbox with the account; it is sent once a
    # worker can be reached (tests/outbox covers the sending).
    assert OutboxEmail.objects.filter(to="newcomer@example.org").count() == 1
    assert CACHE_WARNING in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_feedback_and_answer_submission(client, server, participant, question, mode, caplog):
    server.outage(mode)
    response = client.post("/en/feedback/", {"message": "Sent in an outage."})
    assert response.status_code == 302
    assert Feedback.objects.filter(message="Sent in an outage.").exists()

    client.force_login(participant)
    url = f"/en/questions/{question.pk}/answer/"
    response = client.post(
        url, {"body": "Answered in an outage.", "language": "en", "action": "submit"}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(author=participant, question=question)
    assert (answer.body, answer.status) == ("Answered in an outage.", Status.PENDING)
    assert CACHE_WARNING in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_bulk_moderator_decision(client, server, moderator, question, mode, caplog):
    pending = [AnswerFactory(question=question, status=Status.PENDING) for _ in range(3)]
    client.force_login(moderator)
    server.outage(mode)

    response = client.post(
        "/en/moderation/bulk/",
        {"items": [f"answer:{answer.pk}" for answer in pending], "action": "publish"},
    )
    assert response.status_code == 302
    # Every item decided, not only the first.
    assert set(
        Answer.objects.filter(pk__in=[a.pk for a in pending]).values_list("status", flat=True)
    ) == {Status.PUBLISHED}
    assert ModerationDecision.objects.filter(moderator=moderator).count() == 3
    assert QUEUE_WARNING in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_report_run_that_could_not_be_queued_says_so_and_is_retried(
    client, server, staff, question, mode
):
    client.force_login(staff)
    server.outage(mode)
    cutoff = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("reports:staff_runs"), {"cutoff": cutoff})
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.state == RunState.QUEUED
    page = client.get(reverse("reports:staff_runs")).content.decode()
    assert "Not started: the task queue did not answer." in page
    assert f"Retry run {run.pk}" in page

    # The broker is back: the staff's retry queues the run.
    server.stop()
    server.start()
    outage_forget()
    response = client.post(reverse("reports:run_retry", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == RunState.QUEUED
    assert "Waiting for a worker." in client.get(reverse("reports:staff_runs")).content.decode()
    assert redis.Redis.from_url(server.url).llen("reports") == 1
