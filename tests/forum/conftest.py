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
