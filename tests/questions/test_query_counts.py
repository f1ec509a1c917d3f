"""Each page runs the same number of queries whatever the number of answers.

Answers are bulk-created: 10 for the small case, 2,000 (and as many authors)
for the large one; the counts are measured on the second request, after the
content-type and session caches are warm.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moderation.models import Status
from questions.models import Answer
from tests.dialogue.factories import ChapterFactory
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

QUESTIONS = 5


def _add_answers(questions, count, start):
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + n}@example.org", password="!") for n in range(count)
    )
    now = timezone.now()
    statuses = [Status.PUBLISHED, Status.PUBLISHED, Status.PENDING, Status.REJECTED]
    Answer.objects.bulk_create(
        Answer(
            question=questions[n % len(questions)],
            author=user,
            body=f"Answer {n} with a few words about trade and security.",
            language="fr" if n % 3 == 0 else "en",
            consent_to_publish=True,
            status=statuses[n % len(statuses)],
            submitted_at=now,
            published_at=now if statuses[n % len(statuses)] == Status.PUBLISHED else None,
        )
        for n, user in enumerate(users)
    )


def _queries(client, url):
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator"])
def test_pages_run_a_constant_number_of_queries(client, consultation, participant, moderator, who):
    chapter = ChapterFactory(consultation=consultation)
    questions = [QuestionFactory(chapter=chapter) for _ in range(QUESTIONS)]
    if who != "anonymous":
        client.force_login(participant if who == "participant" else moderator)
    urls = ["/en/questions/", "/en/answers/", f"/en/answers/{questions[0].pk}/"]
    if who == "moderator":
        urls.append("/en/moderation/")
        urls.append("/en/moderation/log/")

    _add_answers(questions, 10, start=0)
    small = {url: _queries(client, url) for url in urls}
    _add_answers(questions, 10000, start=10)
    large = {url: _queries(client, url) for url in urls}

    assert large == small
    # The most any of these pages needs: session, user, consultation, chapters,
    # questions, answers, own answers or permissions, the moderator badge (count and
    # oldest item).
    queue = small.pop("/en/moderation/", 0)
    assert max(small.values()) <= 14, small
    # The queue adds per source the items, the counts per kind, the author histories
    # (counts and last decisions) and the filter's places, plus the moderator's claims.
    assert queue <= 20, queue
