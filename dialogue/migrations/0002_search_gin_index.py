from django.db import migrations


def create_gin_index(apps, schema_editor):
    # The tsvector column exists on every database; the GIN index only on PostgreSQL.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS dialogue_searchentry_vector_gin "
            "ON dialogue_searchentry USING gin (vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dialogue_searchentry_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0001_initial")]

    operations = [migrations.RunPython(create_gin_index, drop_gin_index)]
