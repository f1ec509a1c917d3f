import pytest

from forum.demo import demo_forum_create
from forum.models import Post, Thread
from moderation.models import Reason, Status
from moderation.queue import queue_items
from tests.forum.factories import BoardFactory

pytestmark = pytest.mark.django_db


def test_demo_forum_fills_the_boards_once(client):
    boards = [BoardFactory() for _ in range(5)]
    consultation = boards[0].consultation
    written = demo_forum_create(consultation)
    assert 18 <= written <= 24
    assert demo_forum_create(consultation) == 0
    assert Post.objects.count() == written
    assert 4 <= Thread.objects.count() <= 6
    assert {p.language for p in Post.objects.all()} == {"en", "fr"}
    hidden = Post.objects.get(status=Status.HIDDEN)
    assert hidden.reason == Reason.SPAM
    assert Post.objects.filter(status=Status.PENDING).count() == 1
    assert [item.kind for item in queue_items()] == ["post"]
    html = client.get(hidden.thread.get_absolute_url()).content.decode()
    assert "Hidden by a moderator: Spam or advertising" in html
    assert client.get("/fr/forum/").status_code == 200
