"""A hand-edited paper file either does exactly what it says or is refused with its line,
in the importing person's language, and nothing written (compared on a full dump)."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from dialogue.models import Chapter, Consultation, Section
from dialogue.paper_io import PaperError, paper_export, paper_import
from questions.models import Question

pytestmark = pytest.mark.django_db

BASE = """\
consultation:
  slug: {en: small-paper, fr: petit-document}
  title: {en: A Small Paper, fr: Un petit document}
  opens_at: 2026-10-01T09:00:00-04:00
  closes_at: 2027-02-28T23:59:00-05:00
  state: open
pages:
  - kind: help
    slug: {en: help, fr: aide}
    title: {en: Help, fr: Aide}
    body: {en: How to take part., fr: Comment participer.}
chapters:
  - slug: {en: security, fr: securite}
    title: {en: Security, fr: Sécurité}
    body: {en: Security matters., fr: La sécurité compte.}
    sections:
      - anchor: {en: threats, fr: menaces}
        title: {en: Threats, fr: Menaces}
        body: {en: New threats., fr: De nouvelles menaces.}
      - anchor: {en: role-of-canada, fr: role-du-canada}
        title: {en: Role of Canada, fr: Rôle du Canada}
        body: {en: A role to play., fr: Un rôle à jouer.}
    questions:
      - text: {en: "What comes first?", fr: "Qu'est-ce qui passe en premier ?"}
        max_length: 800
      - text: {en: "Who should act?", fr: "Qui devrait agir ?"}
  - slug: {en: prosperity, fr: prosperite}
    title: {en: Prosperity, fr: Prospérité}
    body: {en: Trade matters., fr: Le commerce compte.}
    sections:
      - anchor: {en: trade, fr: commerce}
        title: {en: Trade, fr: Commerce}
        body: {en: Open markets., fr: Des marchés ouverts.}
    questions:
      - text: {en: "How should we trade?", fr: "Comment devrions-nous commercer ?"}
topics:
  - key: reading
    title: {en: Further reading, fr: Lectures complémentaires}
resources:
  - title: {en: A Report, fr: Un rapport}
    url: https://example.org/report
    kind: publication
    topic: reading
    language: both
interviews:
  - slug: first-expert
    expert_name: Ana Pereira
    affiliation: {en: University, fr: Université}
    date: 2026-10-15
    summary: {en: Short summary., fr: Court résumé.}
    transcript: {en: The transcript., fr: La transcription.}
boards:
  - slug: {en: general, fr: general}
    title: {en: General, fr: Général}
"""


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[str], str]
    line_of: str  # the text of the line the message must name ("" for no line)
    english: str
    french: str
    bundle: bool = False  # imported with a folder of files (this test's own)


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def drop(fragment: str) -> Callable[[str], str]:
    return replace(fragment, "")


CASES = [
    Case(
        "unknown key",
        replace("  state: open\n", "  state: open\n  subtitle: {en: Sub, fr: Sous}\n"),
        "  subtitle:",
        "the key “subtitle” is not allowed here; the allowed keys are: slug, title,",
        "la clé « subtitle » n'est pas permise ici ; les clés permises sont : slug, title,",
    ),
    Case(
        "misspelt questions",
        replace(
            '    questions:\n      - text: {en: "How', '    questoins:\n      - text: {en: "How'
        ),
        "    questoins:",
        "Did you mean “questions”?",
        "Vouliez-vous dire « questions » ?",
    ),
    Case(
        "misspelt sections",
        replace(
            "    sections:\n      - anchor: {en: trade", "    sectoins:\n      - anchor: {en: trade"
        ),
        "    sectoins:",
        "Did you mean “sections”?",
        "Vouliez-vous dire « sections » ?",
    ),
    Case(
        "duplicate French chapter slug",
        replace("{en: prosperity, fr: prosperite}", "{en: prosperity, fr: securite}"),
        "  - slug: {en: prosperity",
        "the value “securite” of “slug (fr)” is already used on line 13.",
        "la valeur « securite » de « slug (fr) » est déjà employée à la ligne 13.",
    ),
    Case(
        "duplicate English section anchor",
        replace("{en: role-of-canada, fr: role-du-canada}", "{en: threats, fr: role-du-canada}"),
        "      - anchor: {en: threats, fr: role",
        "the value “threats” of “anchor (en)” is already used on line 17.",
        "la valeur « threats » de « anchor (en) » est déjà employée à la ligne 17.",
    ),
    Case(
        "duplicate French section anchor",
        replace("{en: role-of-canada, fr: role-du-canada}", "{en: role-of-canada, fr: menaces}"),
        "      - anchor: {en: role-of-canada",
        "the value “menaces” of “anchor (fr)” is already used on line 17.",
        "la valeur « menaces » de « anchor (fr) » est déjà employée à la ligne 17.",
    ),
    Case(
        "non-ASCII slug",
        replace("fr: securite}", "fr: souveraineté-canada}"),
        "  - slug: {en: security",
        "“slug (fr)” is “souveraineté-canada”: it may hold only unaccented letters",
        "« slug (fr) » vaut « souveraineté-canada » : seuls les lettres non accentuées",
    ),
    Case(
        "anchor with spaces",
        replace("fr: role-du-canada}", "fr: rôle du Canada}"),
        "      - anchor: {en: role-of-canada",
        "“anchor (fr)” is “rôle du Canada”",
        "« anchor (fr) » vaut « rôle du Canada »",
    ),
    Case(
        "title too long",
        replace("title: {en: Trade, fr: Commerce}", "title: {en: Trade, fr: " + "C" * 201 + "}"),
        "        title: {en: Trade",
        "“title (fr)” is 201 characters long; at most 200 are allowed.",
        "« title (fr) » compte 201 caractères ; 200 au plus sont permis.",
    ),
    Case(
        "published chapter without French body",
        replace("fr: Le commerce compte.}", "fr: ''}"),
        "  - slug: {en: prosperity",
        "A chapter can be published only when it and its sections have a title and text",
        "Un chapitre ne peut être publié que si ses sections et lui ont un titre et un texte",
    ),
    Case(
        "resource description in one language only",
        replace(
            "    url: https://example.org/report\n",
            "    description: {en: Read it, fr: ''}\n    url: https://example.org/report\n",
        ),
        "  - title: {en: A Report",
        "“A Report” is public as soon as it is saved, so it needs its text in English and in French; missing: french.",
        "« Un rapport » est public dès qu'il est enregistré : il lui faut son texte en anglais et en français. Manque : français.",
    ),
    Case(
        "removed answered question",
        drop('      - text: {en: "Who should act?", fr: "Qui devrait agir ?"}\n'),
        "  - slug: {en: security",
        "the question “Who should act?” of the chapter “security” is no longer in the file",
        "la question « Qui devrait agir ? » du chapitre « security » ne figure plus dans le fichier",
    ),
    Case(
        "YAML indentation",
        replace("    title: {en: Prosperity", "   title: {en: Prosperity"),
        "   title: {en: Prosperity",
        "(“title: {en: Prosperity, fr: Prospérité}”): the indentation of this line does not match",
        "(« title: {en: Prosperity, fr: Prospérité} ») : le retrait de cette ligne ne correspond pas",
    ),
    Case(
        "empty file",
        lambda text: "",
        "",
        "Line 1: the file is empty",
        "Ligne 1 : le fichier est vide ; il doit commencer par la clé « consultation ».",
    ),
    Case(
        "wrong top-level type",
        lambda text: "- consultation\n- chapters\n",
        "",
        "Line 1: the file must start with the key “consultation:”.",
        "Ligne 1 : le fichier doit commencer par la clé « consultation ».",
    ),
    Case(
        "bad date",
        replace("opens_at: 2026-10-01T09:00:00-04:00", "opens_at: next Tuesday"),
        "  opens_at:",
        "“opens_at” must be a date and time such as 2026-10-01T09:00:00-04:00.",
        "« opens_at » doit être une date et une heure comme 2026-10-01T09:00:00-04:00.",
    ),
    Case(
        "unknown page kind",
        replace("kind: help", "kind: faq"),
        "  - kind: faq",
        "“faq” is not allowed for “kind”",
        "« faq » n'est pas permis pour « kind »",
    ),
    Case(
        "key written twice",
        replace(
            "    title: {en: Security, fr: Sécurité}\n",
            "    title: {en: Security, fr: Sécurité}\n    title: {en: Safety, fr: Sûreté}\n",
        ),
        "    title: {en: Safety",
        "the key “title” appears twice here (first on line 14).",
        "la clé « title » figure deux fois ici (la première à la ligne 14).",
    ),
    Case(
        "unknown language",
        replace("title: {en: Help, fr: Aide}", "title: {en: Help, fr: Aide, de: Hilfe}"),
        "    title: {en: Help",
        "the key “de” is not allowed here; the allowed keys are: en, fr.",
        "la clé « de » n'est pas permise ici ; les clés permises sont : en, fr.",
    ),
    Case(
        "program page under a parent not listed above it",
        lambda text: (
            text
            + "site_pages:\n  - slug: {en: drugs, fr: drogues}\n    parent: public-safety\n"
            + "    title: {en: Drugs, fr: Drogues}\n    body: {en: Text., fr: Texte.}\n"
        ),
        "    parent: public-safety",
        "the parent page “public-safety” must be listed above this page under “site_pages”.",
        "la page parente « public-safety » doit figurer au-dessus de cette page sous « site_pages ».",
    ),
    Case(
        "program page with a misspelt key",
        lambda text: (
            text
            + "site_pages:\n  - slug: {en: drugs, fr: drogues}\n    tilte: {en: Drugs, fr: Drogues}\n"
        ),
        "    tilte:",
        "Did you mean “title”?",
        "Vouliez-vous dire « title » ?",
    ),
    Case(
        "file path outside the bundle",
        replace(
            "    url: https://example.org/report\n",
            "    file: {en: ../../config/settings.py, fr: ''}\n",
        ),
        "    file:",
        "“file (en)” is “../../config/settings.py”: a file must be inside the paper's folder",
        "« file (en) » vaut « ../../config/settings.py » : un fichier doit se trouver dans le dossier",
        bundle=True,
    ),
    Case(
        "file missing from the bundle",
        replace(
            "    url: https://example.org/report\n",
            "    file: {en: files/report.pdf, fr: files/rapport.pdf}\n",
        ),
        "    file:",
        "the file “files/report.pdf” is not in the paper's folder.",
        "le fichier « files/report.pdf » ne se trouve pas dans le dossier du document.",
        bundle=True,
    ),
    Case(
        "max_length not a number",
        replace("max_length: 800", "max_length: long"),
        "        max_length:",
        "“max_length” must be a whole number of characters",
        "« max_length » doit être un nombre entier de caractères",
    ),
]


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "dialogue", "questions", "forum", stdout=out)
    return out.getvalue()


@pytest.fixture
def imported() -> Consultation:
    from tests.questions.factories import AnswerFactory

    consultation = paper_import(BASE)
    AnswerFactory(question=Question.objects.get(text_en="Who should act?"))
    return consultation


def test_the_base_file_imports_and_comes_back(imported: Consultation) -> None:
    assert Chapter.objects.count() == 2
    assert Section.objects.count() == 3
    assert Question.objects.get(text_en="What comes first?").max_length == 800
    assert "max_length: 800" in paper_export(imported)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_malformed_file_is_refused_with_its_line_and_nothing_written(
    imported: Consultation, case: Case
) -> None:
    assert len(CASES) >= 15
    broken = case.edit(BASE)
    before = dump()
    for language, expected in (("en", case.english), ("fr", case.french)):
        with translation.override(language), pytest.raises(PaperError) as caught:
            paper_import(broken, bundle=Path(__file__).parent if case.bundle else None)
        message = str(caught.value).replace("\xa0", " ")
        assert expected in message, message
        if case.line_of:
            line = next(
                number
                for number, text in enumerate(broken.splitlines(), start=1)
                if text.startswith(case.line_of)
            )
            prefix = "Line" if language == "en" else "Ligne"
            assert message.startswith(f"{prefix} {line}"), message
        assert dump() == before


def test_the_import_command_speaks_the_chosen_language(tmp_path, imported: Consultation) -> None:
    from django.core.management import CommandError

    path = tmp_path / "paper.yaml"
    path.write_text(BASE.replace("kind: help", "kind: faq"), encoding="utf-8")
    with pytest.raises(CommandError, match="«\xa0faq\xa0» n'est pas permis"):
        call_command("import_paper", str(path), "--language", "fr")
