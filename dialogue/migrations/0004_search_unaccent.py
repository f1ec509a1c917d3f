from django.db import migrations

# Text-search configurations that fold accents (unaccent) before stemming, so
# "pergelisol" finds « pergélisol » and "coeur" finds « cœur ».
FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION english_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
UPDATE dialogue_searchentry SET vector =
  setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french_unaccent' ELSE 'english_unaccent' END::regconfig, title), 'A')
  || setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french_unaccent' ELSE 'english_unaccent' END::regconfig, body), 'B');
"""

BACKWARD = """
UPDATE dialogue_searchentry SET vector =
  setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french' ELSE 'english' END::regconfig, title), 'A')
  || setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french' ELSE 'english' END::regconfig, body), 'B');
DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0003_resource_topic_cascade")]

    operations = [migrations.RunPython(forward, backward)]
