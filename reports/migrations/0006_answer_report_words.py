"""A stored column of each answer's words, for the report's themes (PostgreSQL only).

`questions_answer.report_words` is generated from the body by the database itself
(`to_tsvector('simple', …)` after e-mail addresses are removed), so it is filled on
every insert and update and the report job never parses a body again. The model
does not declare it: nothing else reads it, and SQLite counts themes in Python.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from reports.phrases import _clean_sql


def _add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    expression = _clean_sql("body").replace("%", "%%")  # executed with parameters
    schema_editor.execute(
        "ALTER TABLE questions_answer ADD COLUMN IF NOT EXISTS report_words tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {expression})) STORED"
    )


def _drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE questions_answer DROP COLUMN IF EXISTS report_words")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_authored_texts_and_quote_picks"),
        ("questions", "0001_initial"),
    ]

    operations = [migrations.RunPython(_add, _drop, elidable=False)]
