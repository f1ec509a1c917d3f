"""The plans PostgreSQL picks for the moderators' queue over a large backlog.

60,000 answers, one in seven waiting, are written in SQL and analysed; the queue is
then requested with its filters and sorts as a moderator would, and every query the
page runs on the answers table is explained. A sequential scan of that table fails
the test (the checker itself is shown to find one in tests/config/test_query_plans.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from accounts.roles import role_grant
from tests.config.test_query_plans import _queries_of, sequential_scans
from tests.questions.factories import QuestionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ANSWERS = 60_000
QUESTIONS = 40


def _fill(question_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO questions_answer (question_id, author_id, body, language,
                consent_to_publish, display_name, status, reason, moderator_note, featured,
                pii_detected, created_at, updated_at, submitted_at, published_at)
            SELECT (%(questions)s::bigint[])[1 + i %% %(nq)s], NULL,
                'Answer ' || i || repeat(' a sentence about trade and diplomacy', 15),
                CASE WHEN i %% 3 = 0 THEN 'en' ELSE 'fr' END, true, 'Reader ' || i,
                CASE WHEN i %% 7 = 0 THEN 'pending' ELSE 'published' END, '', '', false,
                i %% 5 = 0, now(), now(), now() - i * interval '1 minute',
                CASE WHEN i %% 7 = 0 THEN NULL ELSE now() END
            FROM generate_series(1, %(n)s) AS i
            """,
            {"questions": question_ids, "nq": len(question_ids), "n": ANSWERS},
        )
        cursor.execute("VACUUM ANALYZE questions_answer")


def test_filtered_queue_reads_the_waiting_indexes_not_the_answers_table() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the plans are PostgreSQL's")
    first = QuestionFactory()
    questions = [first] + [QuestionFactory(chapter=first.chapter) for _ in range(QUESTIONS - 1)]
    _fill([q.pk for q in questions])
    moderator = get_user_model().objects.create(email="plans-moderator@example.org")
    role_grant(user=moderator, role="moderator")
    client = Client()
    client.force_login(moderator)
    urls = [
        "/en/moderation/?kind=answer&language=fr&pii=on&sort=newest",
        "/en/moderation/?kind=answer&language=fr&pii=on",
        "/en/moderation/?kind=answer&language=en&sort=newest",
        "/en/moderation/?kind=answer&pii=on",
        "/en/moderation/?sort=newest",
        "/en/moderation/",
    ]
    found: dict[str, list[str]] = {}
    checked = 0
    for url in urls:
        for sql in _queries_of(client, url):
            if "questions_answer" not in sql:
                continue
            checked += 1
            scans = [table for table in sequential_scans(sql) if table == "questions_answer"]
            if scans:
                found[f"{url}: {sql[:300]}"] = scans
    assert checked >= len(urls)
    assert found == {}
