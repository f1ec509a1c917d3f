"""The plans PostgreSQL picks for View Answers and the forum's lists, over enough rows
for the planner to prefer a sequential scan wherever no index serves the query.

The test fills the tables in SQL (60,000 answers to 40 questions, 60,000 posts in
12,000 threads on 6 boards, bodies of realistic length), runs VACUUM ANALYZE so the
planner has true statistics, then requests the pages as a reader would, takes every
query they ran on the answers, posts and threads tables and asks PostgreSQL for its
plan. A sequential scan of one of those tables fails the test. The checker is first
shown a query no index serves, and must find its sequential scan.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Board, Thread
from tests.forum.factories import BoardFactory
from tests.questions.factories import QuestionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WATCHED = ("questions_answer", "forum_post", "forum_thread")
ANSWERS = 60_000
QUESTIONS = 40
THREADS = 12_000
POSTS = 60_000
BOARDS = 6


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the plans are PostgreSQL's")


def _fill(question_ids: list[int], board_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO questions_answer (question_id, author_id, body, language,
                consent_to_publish, display_name, status, reason, moderator_note, featured,
                pii_detected, created_at, updated_at, submitted_at, published_at)
            SELECT (%(questions)s::bigint[])[1 + i %% %(nq)s], NULL,
                'Answer ' || i || repeat(' a sentence about trade and diplomacy', 15),
                CASE WHEN i %% 3 = 0 THEN 'fr' ELSE 'en' END, i %% 10 <> 0, 'Reader ' || i,
                CASE WHEN i %% 7 = 0 THEN 'pending' ELSE 'published' END, '', '', false,
                false, now(), now(), now(), now() - i * interval '1 minute'
            FROM generate_series(1, %(n)s) AS i
            """,
            {"questions": question_ids, "nq": len(question_ids), "n": ANSWERS},
        )
        cursor.execute(
            """
            INSERT INTO forum_thread (board_id, title, author_id, language, status, pinned,
                locked, created_at, last_activity_at, submission_key, reply_count,
                opening_display_name)
            SELECT (%(boards)s::bigint[])[1 + i %% %(nb)s], 'Thread ' || i, NULL, 'en',
                CASE WHEN i %% 9 = 0 THEN 'pending' ELSE 'published' END, i %% 500 = 0,
                false, now() - i * interval '1 hour', now() - i * interval '1 minute', '',
                4, 'Opener ' || i
            FROM generate_series(1, %(n)s) AS i
            """,
            {"boards": board_ids, "nb": len(board_ids), "n": THREADS},
        )
        cursor.execute(
            """
            INSERT INTO forum_post (thread_id, author_id, reply_to_id, body, body_html,
                language, display_name, status, reason, moderator_note, removed_by_author,
                is_opening, pii_detected, created_at, edited_at, published_at)
            SELECT t.id, NULL, NULL, repeat('A reply about peacekeeping. ', 20),
                '<p>' || repeat('A reply about peacekeeping. ', 20) || '</p>', 'en',
                'Poster', CASE WHEN n %% 11 = 0 THEN 'pending' ELSE 'published' END, '', '',
                false, n = 1, false, t.created_at + n * interval '1 minute', NULL, now()
            FROM forum_thread t, generate_series(1, %(per)s) AS n
            """,
            {"per": POSTS // THREADS},
        )
        for table in WATCHED:
            cursor.execute(f"VACUUM ANALYZE {table}")  # nosec B608 # names from WATCHED


def _plan(sql: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")  # nosec B608 # the pages' own queries
        return cursor.fetchone()[0][0]["Plan"]


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def sequential_scans(sql: str) -> list[str]:
    """The watched tables this query reads with a sequential scan."""
    return [
        node["Relation Name"]
        for node in _nodes(_plan(sql))
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in WATCHED
    ]


def _queries_of(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        and any(table in query["sql"] for table in WATCHED)
    ]


def test_view_answers_and_forum_lists_read_indexes_not_whole_tables(
    postgres: None, client: Client
) -> None:
    first = QuestionFactory()
    questions = [first] + [QuestionFactory(chapter=first.chapter) for _ in range(QUESTIONS - 1)]
    boards = [BoardFactory() for _ in range(BOARDS)]
    _fill([q.pk for q in questions], [b.pk for b in boards])

    # The checker can fail: a query no index serves is a sequential scan.
    assert sequential_scans("SELECT count(*) FROM questions_answer WHERE body LIKE '%%x%%'") == [
        "questions_answer"
    ]

    question = questions[7]
    public = question.answers.filter(status="published", consent_to_publish=True).count()
    last = (public + 19) // 20
    board = Board.objects.get(pk=boards[2].pk)
    thread_pages = (
        Thread.objects.filter(board=board, status__in=("published", "withdrawn")).count() + 19
    ) // 20
    thread = Thread.objects.filter(board=board, status="published").order_by("id").first()
    assert thread is not None
    urls = [
        "/en/answers/",
        "/en/questions/",
        f"/en/answers/{question.pk}/",
        f"/en/answers/{question.pk}/?page={last}",
        f"/en/answers/{question.pk}/?language=fr&order=oldest&page=3",
        "/en/forum/",
        f"/en/forum/{board.slug_en}/",
        f"/en/forum/{board.slug_en}/?page={thread_pages}",
        f"/en/forum/{board.slug_en}/?sort=newest&page={thread_pages}",
        thread.get_absolute_url(),
    ]
    found: dict[str, list[str]] = {}
    checked = 0
    for url in urls:
        for sql in _queries_of(client, url):
            checked += 1
            scans = sequential_scans(sql)
            if scans:
                found[f"{url}: {sql[:300]}"] = scans
    assert checked >= len(urls)
    assert found == {}
