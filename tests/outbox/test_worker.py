"""The outbox with a real broker, a real worker process and a real SMTP server.

The broker is a private `redis-server` this module starts on its own port, so that a
test can stop it without touching the Redis everyone else uses.
"""

import shutil
import time
from collections.abc import Callable, Iterator

import kombu.pools
import pytest
from django.conf import settings

from moderation.models import Status
from moderation.services import status_change
from outbox import services
from outbox.models import EmailStatus, OutboxEmail
from tests.outbox.smtp_sink import SINK_PORT
from tests.private_redis import PrivateRedis
from tests.questions.conftest import consultation, question  # noqa: F401 - shared fixtures
from tests.questions.factories import AnswerFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
    pytest.mark.skipif(
        not settings.USING_POSTGRES, reason="the worker process needs the test database"
    ),
]

PRIVATE_REDIS_PORT = 6391
PRIVATE_BROKER = f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0"


def _forget_broker_connections(app) -> None:
    # Celery keeps connection and producer pools (kombu's, per broker URL) on the app;
    # a new broker URL needs new ones, and the old ones are closed.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis(port=PRIVATE_REDIS_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(private_redis: PrivateRedis) -> Iterator[PrivateRedis]:
    """This process publishes its tasks to the private Redis."""
    from config.celery import app

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = PRIVATE_BROKER  # type: ignore[misc]  # read-only in celery-types only
    app.conf.task_always_eager = False
    _forget_broker_connections(app)
    yield private_redis
    app.conf.update(broker_url=previous[0], task_always_eager=previous[1])
    _forget_broker_connections(app)


def _worker():
    from tests.celery_worker import running_worker

    return running_worker(
        extra_env={
            "REDIS_URL": PRIVATE_BROKER,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(SINK_PORT),
            "EMAIL_USE_TLS": "false",
        }
    )


def _wait(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(
        "the outbox did not get there: "
        f"{list(OutboxEmail.objects.values_list('status', 'attempts', 'last_error'))}"
    )


def _all_sent(count: int) -> Callable[[], bool]:
    return lambda: OutboxEmail.objects.filter(status=EmailStatus.SENT).count() == count


@pytest.fixture
def pending_answers(question):  # noqa: F811 - the shared fixture
    return [AnswerFactory(question=question, status=Status.PENDING) for _ in range(3)]


def test_an_email_goes_through_the_broker_and_the_worker_to_the_mail_server(
    broker, smtp_sink, moderator, pending_answers
):
    answer = pending_answers[0]
    with _worker():
        decision = status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
        _wait(_all_sent(1))
    [message] = smtp_sink.messages
    assert message["To"] == answer.author.email
    assert message["Subject"] == "Your contribution is published"
    email = OutboxEmail.objects.get(dedupe_key=f"decision:{decision.pk}")
    assert message["Message-ID"] == f"<{email.guid}@example.org>"


def test_decisions_made_while_the_broker_is_down_are_emailed_once_it_is_back(
    broker, smtp_sink, moderator, pending_answers, settings, caplog
):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0  # due at once: no need to wait a minute
    broker.stop()
    for answer in pending_answers:
        status_change(target=answer, to_status=Status.PUBLISHED, moderator=moderator)
    # The decisions stand and their e-mails wait in the database, not in the broker.
    assert {type(a).objects.get(pk=a.pk).status for a in pending_answers} == {Status.PUBLISHED}
    assert OutboxEmail.objects.filter(status=EmailStatus.PENDING, attempts=0).count() == 3
    assert "task not queued" in caplog.text

    broker.start()
    with _worker():
        assert services.pending_requeue() == 3
        _wait(_all_sent(3))
        assert services.pending_requeue() == 0
    assert sorted(m["To"] for m in smtp_sink.messages) == sorted(
        a.author.email for a in pending_answers
    )
    assert len({m["Message-ID"] for m in smtp_sink.messages}) == 3


def test_bulk_decisions_with_the_broker_down_are_all_applied_and_all_emailed_later(
    broker, smtp_sink, client, moderator, pending_answers, settings
):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    broker.stop()
    client.force_login(moderator)
    response = client.post(
        "/en/moderation/bulk/",
        {"items": [f"answer:{a.pk}" for a in pending_answers], "action": "publish"},
    )
    assert response.status_code == 302
    assert {type(a).objects.get(pk=a.pk).status for a in pending_answers} == {Status.PUBLISHED}
    assert OutboxEmail.objects.filter(status=EmailStatus.PENDING).count() == 3
    assert smtp_sink.messages == []

    broker.start()
    with _worker():
        assert services.pending_requeue() == 3
        _wait(_all_sent(3))
        assert services.pending_requeue() == 0
    assert len(smtp_sink.messages) == 3
