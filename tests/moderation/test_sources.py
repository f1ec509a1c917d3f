"""The queue's sources are symmetric: answers and forum posts look alike to a moderator."""

import ast
import pathlib

import pytest

from moderation.models import Reason, Status
from moderation.queue import queue_sources
from moderation.selectors import queue_with_histories
from moderation.services import status_change
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PHONE = "Call me at 613-555-0101"


def test_answers_and_forum_posts_carry_the_same_fields_history_and_masking(moderator, question):
    answer = AnswerFactory(question=question, status=Status.PENDING, body=PHONE, pii_detected=True)
    thread = ThreadFactory(board=BoardFactory())
    post = PostFactory(thread=thread, status=Status.PENDING, body=PHONE, pii_detected=True)
    # Each author had something refused before, in their own app.
    past_answer = AnswerFactory(
        question=QuestionFactory(chapter=question.chapter), author=answer.author
    )
    past_post = PostFactory(thread=thread, author=post.author)
    for past in (past_answer, past_post):
        status_change(target=past, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.SPAM)

    items = {item.kind: item for item in queue_with_histories()}

    assert set(items) == {"answer", "post"}
    for item in items.values():
        # Moderators read what was written; readers see it masked.
        assert item.body == PHONE and item.pii_detected
        assert item.history is not None
        assert (item.history.published, item.history.rejected) == (0, 1)
        assert [decision.reason for decision in item.history.last_decisions] == [Reason.SPAM]
    assert (str(items["answer"].label), str(items["post"].label)) == ("Answer", "Forum post")
    for source in queue_sources().values():
        assert source.history is not None and source.label and source.counts is not None


def test_the_queue_page_shows_forum_authors_history(client, moderator, question):
    post = PostFactory(status=Status.PENDING, body=PHONE, pii_detected=True)
    past = PostFactory(thread=post.thread, author=post.author)
    status_change(target=past, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.SPAM)
    client.force_login(moderator)
    page = client.get("/en/moderation/").content.decode()
    assert "0 published, 1 not published or hidden" in page
    assert "613-555-0101" in page and "seems to contain an e-mail address" in page


PORTAL_APPS = {"dialogue", "questions", "moderation", "forum", "reports", "analysis"}


def test_accounts_imports_no_content_app():
    """Suspension lives in moderation: accounts depends on no app that depends on it."""
    root = pathlib.Path(__file__).resolve().parents[2] / "accounts"
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [(path.name, n) for n in names if n.split(".")[0] in PORTAL_APPS]
    assert found == []


def test_the_digest_task_belongs_to_moderation_and_is_scheduled(settings):
    from config.celery import app
    from moderation.tasks import digest_send

    assert digest_send.name == "moderation.digest_send"
    assert digest_send.name in app.tasks
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "moderation.digest_send" in schedule
    import forum.tasks

    assert not hasattr(forum.tasks, "moderation_digest_send")
