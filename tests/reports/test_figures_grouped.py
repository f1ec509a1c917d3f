"""The report's figures in one grouped pass (GROUPING SETS, PostgreSQL) are the figures
the one-query-per-cut version counts, cut for cut and in the same order."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from dialogue.models import Consultation
from reports import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="GROUPING SETS: the PostgreSQL path"
    ),
]


def test_one_grouped_pass_gives_the_same_figures(django_assert_num_queries) -> None:
    call_command(
        "generate_consultation_data", answers=900, posts=0, consultation="fig", stdout=StringIO()
    )
    consultation = Consultation.objects.get(slug_en="fig")
    # A participant who deleted their account: their answers stay, without an author.
    participant = User.objects.filter(email__startswith="gen-").order_by("id").first()
    assert participant is not None
    participant.delete()
    cutoff = timezone.now() - datetime.timedelta(days=3)
    expected = selectors._figures_by_cut(consultation=consultation, cutoff=cutoff)
    with django_assert_num_queries(1):  # every cut, one query, one scan
        grouped = selectors._figures_grouped(consultation=consultation, cutoff=cutoff)
    assert grouped == expected
    for name in expected:
        assert list(grouped[name]) == list(expected[name]), name
    assert sum(expected["by_province"].values()) >= expected["totals"]["participants"] > 100
