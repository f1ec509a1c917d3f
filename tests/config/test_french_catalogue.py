"""French typography in the interface catalogue (GLOSSARY.md): a non-breaking space
before : ; ? ! and inside « », and « courriel » rather than "e-mail"."""

import re

import polib
import pytest
from django.conf import settings

NBSP = "\u00a0\u202f"
BEFORE = re.compile(rf"(?<![{NBSP}])([;?!])(?![=/])")
COLON = re.compile(rf"(?<![{NBSP}\d<])(:)(?!//|\d|[a-z]+>)")
ENTITY = re.compile(r"&\w+;")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|<[^>]+>")


def french_entries():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/fr/LC_MESSAGES/django.po"))
    for entry in catalogue.translated_entries():
        if entry.msgid.endswith("/"):  # URL path words
            continue
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            yield entry.msgid, PLACEHOLDER.sub("", ENTITY.sub("", text))


def test_french_punctuation_has_non_breaking_spaces():
    faults = []
    for msgid, text in french_entries():
        if BEFORE.search(text) or COLON.search(text):
            faults.append(msgid)
        if re.search(rf"«(?![{NBSP}])|(?<![{NBSP}])»", text):
            faults.append(msgid)
    assert faults == []


def test_french_says_courriel():
    assert [m for m, text in french_entries() if re.search(r"\be-?mail\b", text, re.I)] == []


@pytest.mark.parametrize("text", ["Adresse : ici", "Quoi?", "« mot »"])
def test_the_check_catches_ordinary_spaces(text):
    assert (
        BEFORE.search(text)
        or COLON.search(text)
        or re.search(r"«(?![\u00a0])|(?<![\u00a0])»", text)
    )


def test_french_numbers_group_thousands_with_a_narrow_no_break_space():
    grouped = re.compile(r"\d[ \u00a0]\d{3}\b")
    assert [m for m, text in french_entries() if grouped.search(text)] == []
