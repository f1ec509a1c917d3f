"""The made-up consultation the benchmarks and the scale tests share
(`manage.py generate_consultation_data`): on SQLite the portable path, on PostgreSQL
the bulk SQL; the same shape either way."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from dialogue.models import Consultation, SearchEntry
from forum.models import Post, Thread
from moderation.models import Status
from moderation.pii import pii_found
from questions.models import Answer

pytestmark = pytest.mark.django_db


def test_the_command_fills_a_new_consultation_with_answers_and_posts() -> None:
    out = StringIO()
    call_command(
        "generate_consultation_data", answers=400, posts=80, consultation="scale", stdout=out
    )
    consultation = Consultation.objects.get(slug_en="scale")
    assert consultation.is_current
    answers = Answer.objects.filter(question__consultation=consultation)
    assert answers.count() == 400
    assert Post.objects.filter(thread__board__consultation=consultation).count() == 80
    assert "400 answers" in out.getvalue()

    # Nobody answers the same question twice (the database would refuse it anyway).
    assert not answers.values("question", "author").annotate(n=Count("id")).filter(n__gt=1)
    languages = Counter(answers.values_list("language", flat=True))
    assert languages["en"] > languages["fr"] > 0
    assert answers.filter(status=Status.PUBLISHED).count() > 300
    # About 5 % carry an address or a number the masking finds; campaigns repeat a text.
    flagged = list(answers.filter(pii_detected=True).values_list("body", flat=True))
    assert 5 <= len(flagged) <= 50
    assert all(pii_found(body) for body in flagged)
    repeated = answers.values("body").annotate(n=Count("id")).filter(n__gt=1)
    assert repeated.exists()
    lengths = sorted(len(body) for body in answers.values_list("body", flat=True))
    assert lengths[0] < 300 < lengths[-1]
    # Every thread opens with its first post; replies come after it.
    for thread in Thread.objects.filter(board__consultation=consultation):
        posts = list(thread.posts.order_by("created_at", "id"))
        if posts:
            assert posts[0].is_opening
            assert thread.last_activity_at == max(p.created_at for p in posts)
    assert SearchEntry.objects.filter(consultation=consultation, kind="answer").exists()


def test_a_second_call_adds_to_the_same_consultation() -> None:
    call_command(
        "generate_consultation_data", answers=50, posts=0, consultation="again", stdout=StringIO()
    )
    call_command(
        "generate_consultation_data", answers=50, posts=10, consultation="again", stdout=StringIO()
    )
    consultation = Consultation.objects.get(slug_en="again")
    assert Answer.objects.filter(question__consultation=consultation).count() == 100
    assert consultation.questions.count() == 12
