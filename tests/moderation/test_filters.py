"""The queue's filters, sorts and counts, all in the URL; constant queries at any size."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Flag
from moderation.models import Reason, Status
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def world(question):
    """One item per trait, so each filter's exact result is known."""
    other_question = QuestionFactory(chapter=question.chapter)
    known = UserFactory()
    AnswerFactory(question=other_question, author=known)  # published: a known author
    board = BoardFactory()
    other_board = BoardFactory()
    thread = ThreadFactory(board=board)
    pending_thread = ThreadFactory(board=other_board, status=Status.PENDING, language="fr")
    pending_thread.posts.update(language="fr")
    flagged = PostFactory(thread=thread, language="en")
    for _ in range(2):
        Flag.objects.create(post=flagged, reporter=UserFactory(), reason=Reason.SPAM)
    flagged.status, flagged.reason = Status.HIDDEN, Reason.FLAGS
    flagged.save()
    once = PostFactory(thread=thread, status=Status.HIDDEN, reason=Reason.FLAGS, language="en")
    Flag.objects.create(post=once, reporter=UserFactory(), reason=Reason.SPAM)
    items = {
        "old_en": AnswerFactory(question=question, status=Status.PENDING, submitted_at=ago(30)),
        "fr_pii": AnswerFactory(
            question=question,
            status=Status.PENDING,
            language="fr",
            pii_detected=True,
            submitted_at=ago(2),
        ),
        "known_en": AnswerFactory(
            question=question, status=Status.PENDING, author=known, submitted_at=ago(0.1)
        ),
        "thread_fr": pending_thread.posts.get(is_opening=True),
        "flagged_reply": flagged,
        "flagged_once": once,
    }
    return {
        name: f"{'answer' if hasattr(obj, 'question_id') else 'post'}:{obj.pk}"
        for name, obj in items.items()
    }


def keys(client, query):
    page = client.get(f"/en/moderation/?{query}").content.decode()
    return re.findall(r'name="items" value="([a-z]+:\d+)"', page), page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["old_en", "fr_pii", "known_en", "thread_fr", "flagged_reply", "flagged_once"]),
        ("kind=answer", ["old_en", "fr_pii", "known_en"]),
        ("kind=thread", ["thread_fr"]),
        ("kind=reply", ["flagged_reply", "flagged_once"]),
        ("language=fr", ["fr_pii", "thread_fr"]),
        ("pii=on", ["fr_pii"]),
        ("flagged=on", ["flagged_reply", "flagged_once"]),
        ("age=24", ["old_en"]),
        ("age=1", ["old_en", "fr_pii"]),
        ("trust=known", ["known_en"]),
        ("kind=answer&trust=new", ["old_en", "fr_pii"]),
        ("kind=answer&language=fr&pii=on", ["fr_pii"]),
    ],
)
def test_each_filter_returns_exactly_the_matching_items(client, moderator, world, query, expected):
    client.force_login(moderator)
    found, _page = keys(client, query)
    assert sorted(found) == sorted(world[name] for name in expected)


def test_place_filters_by_chapter_question_and_board(client, moderator, world, question):
    client.force_login(moderator)
    assert sorted(keys(client, f"place=chapter:{question.chapter_id}")[0]) == sorted(
        world[name] for name in ("old_en", "fr_pii", "known_en")
    )
    assert len(keys(client, f"place=question:{question.pk}")[0]) == 3
    post_pk = int(world["flagged_reply"].split(":")[1])
    from forum.models import Post

    board_id = Post.objects.get(pk=post_pk).thread.board_id
    assert sorted(keys(client, f"place=board:{board_id}")[0]) == sorted(
        [world["flagged_reply"], world["flagged_once"]]
    )
    found, page = keys(client, "place=nonsense")
    assert len(found) == 6 and "Choose a chapter or a board from the list." in page


def test_sorts_and_counts_per_view(client, moderator, world):
    client.force_login(moderator)
    oldest, page = keys(client, "")
    assert oldest[0] == world["old_en"]
    newest, _page = keys(client, "sort=newest")
    assert newest == list(reversed(oldest))
    flagged, _page = keys(client, "sort=flags")
    assert flagged[:2] == [world["flagged_reply"], world["flagged_once"]]
    # Counts per kind, under the other filters, with links that keep them.
    assert 'All kinds <span class="count">(6)</span>' in page
    assert 'Answers <span class="count">(3)</span>' in page
    _found, page = keys(client, "language=fr")
    assert 'Answers <span class="count">(1)</span>' in page
    assert 'href="?language=fr&amp;kind=thread"' in page
    assert "2 items are waiting." in page


def test_filters_keep_after_a_decision(client, moderator, world):
    client.force_login(moderator)
    response = client.post(
        "/en/moderation/decide/",
        {"key": world["fr_pii"], "action": "publish", "next": "/en/moderation/?language=fr"},
    )
    assert response["Location"] == "/en/moderation/?language=fr"


def _queries(client, query=""):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/en/moderation/?{query}").status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "kind=answer&trust=new&sort=newest", "sort=flags&age=1"])
def test_the_queue_runs_a_constant_number_of_queries(client, moderator, question, query):
    client.force_login(moderator)
    board = BoardFactory()

    def add(n):
        for _ in range(n):
            AnswerFactory(
                question=QuestionFactory(chapter=question.chapter),
                status=Status.PENDING,
                submitted_at=ago(3),
            )
            post = PostFactory(thread=ThreadFactory(board=board), status=Status.PENDING)
            Flag.objects.create(post=post, reporter=UserFactory(), reason=Reason.SPAM)

    add(5)
    _queries(client, query)  # the first request also fills per-process caches
    few = _queries(client, query)
    add(60)  # more than a page of each kind
    assert _queries(client, query) == few


def _cap(monkeypatch, cap: int) -> None:
    import moderation.context_processors
    import moderation.templatetags.moderation_tags
    import moderation.views

    for module in (
        moderation.views,
        moderation.context_processors,
        moderation.templatetags.moderation_tags,
    ):
        monkeypatch.setattr(module, "COUNT_CAP", cap)


def test_counts_stop_at_the_cap_and_say_so_in_both_languages(
    client, moderator, question, monkeypatch
):
    """Beyond the cap a count reads "3+" (« plus de 3 »); at or under it, exact."""
    _cap(monkeypatch, 3)
    client.force_login(moderator)
    for _ in range(3):
        AnswerFactory(question=question, status=Status.PENDING, submitted_at=ago(2))
    page = client.get("/en/moderation/").content.decode()
    assert 'Answers <span class="count">(3)</span>' in page
    assert "3 items are waiting." in page and "3 items waiting" in page

    AnswerFactory(question=question, status=Status.PENDING, submitted_at=ago(2))
    AnswerFactory(question=question, status=Status.PENDING, submitted_at=ago(2), language="fr")
    page = client.get("/en/moderation/").content.decode()
    assert 'Answers <span class="count">(3+)</span>' in page
    assert 'All kinds <span class="count">(3+)</span>' in page
    assert "3+ items are waiting." in page and "3+ items waiting" in page
    assert 'New threads <span class="count">(0)</span>' in page
    # Under the cap again once the moderator filters: exact.
    page = client.get("/en/moderation/?language=fr").content.decode()
    assert "1 item is waiting." in page

    page = client.get("/fr/moderation/").content.decode()
    assert "plus de 3 éléments sont en attente." in page
