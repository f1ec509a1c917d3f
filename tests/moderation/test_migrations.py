"""Past decisions learn their target's author when the column arrives."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from moderation.models import ModerationDecision
from tests.questions.factories import AnswerFactory

BEFORE = [("moderation", "0005_saved_reasons")]
AFTER = [("moderation", "0006_decision_author")]


@pytest.mark.django_db(transaction=True)
def test_past_decisions_get_the_author_of_their_target():
    answer = AnswerFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old_decision = old_apps.get_model("moderation", "ModerationDecision")
    old_decision.objects.create(
        target_type_id=ContentType.objects.get_for_model(answer).pk,
        target_id=answer.pk,
        action="published",
        to_status="published",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    assert ModerationDecision.objects.get().author_id == answer.author_id
