import pytest

from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory


@pytest.fixture
def board(db):
    return BoardFactory()


@pytest.fixture
def thread(board):
    return ThreadFactory(board=board, title="Should Canada spend more on defence?")


@pytest.fixture
def trusted(db, settings):
    """A participant with enough published posts to skip pre-moderation."""
    user = UserFactory(display_name="Trusted Tam")
    for _ in range(settings.FORUM_TRUST_THRESHOLD):
        PostFactory(author=user)
    return user


@pytest.fixture
def reply_data():
    return {"body": "I think we should talk about **peacekeeping**.", "language": "en"}


@pytest.fixture
def eager_celery():
    """Run tasks in the test's process even when a broker is configured (REDIS_URL)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
