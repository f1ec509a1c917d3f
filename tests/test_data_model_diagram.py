"""docs/data-model.mmd draws every model of the portal and every foreign key between
them, with the right optionality; a model or a key added without the diagram fails."""

import re
from pathlib import Path

from django.apps import apps
from django.db import models

from tests.test_architecture import portal_apps

DIAGRAM = Path(__file__).resolve().parent.parent / "docs" / "data-model.mmd"
ENTITY = re.compile(r"^\s*(\w+) \{\s*$")
RELATION = re.compile(r"^\s*(\w+) \}o--(\|\||o\|) (\w+) : (\w+)\s*$")


def _portal_models() -> list[type[models.Model]]:
    return [model for app in portal_apps() for model in apps.get_app_config(app).get_models()]


def drawn(text: str) -> tuple[set[str], set[tuple[str, str, str, str]]]:
    lines = text.splitlines()
    entities = {match[1] for line in lines if (match := ENTITY.match(line))}
    relations = {
        (match[1], match[4], match[3], match[2])
        for line in lines
        if (match := RELATION.match(line))
    }
    return entities, relations


def modelled() -> tuple[set[str], set[tuple[str, str, str, str]]]:
    found = _portal_models()
    labels = {model._meta.label for model in found}
    relations = set()
    for model in found:
        for field in model._meta.get_fields():
            related = field.related_model
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if isinstance(related, type) and related._meta.label in labels:
                optional = "o|" if field.null else "||"
                relations.add((model.__name__, field.name, related.__name__, optional))
    return {model.__name__ for model in found}, relations


def test_the_diagram_matches_the_models() -> None:
    entities, relations = drawn(DIAGRAM.read_text(encoding="utf-8"))
    expected_entities, expected_relations = modelled()
    assert sorted(expected_entities - entities) == [], "models missing from the diagram"
    assert sorted(entities - expected_entities) == [], "the diagram draws models that are gone"
    assert sorted(expected_relations - relations) == [], "keys missing from the diagram"
    assert sorted(relations - expected_relations) == [], "the diagram draws keys that are gone"


def test_the_check_sees_a_missing_key_and_a_wrong_optionality() -> None:
    text = DIAGRAM.read_text(encoding="utf-8")
    without = text.replace("    Answer }o--|| Question : question\n", "")
    optional = text.replace(
        "Answer }o--|| Question : question", "Answer }o--o| Question : question"
    )
    expected = modelled()[1]
    assert ("Answer", "question", "Question", "||") in expected - drawn(without)[1]
    assert ("Answer", "question", "Question", "||") in expected - drawn(optional)[1]
