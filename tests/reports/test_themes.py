"""Themes: readable words and recurring phrases, never a stem, the same on every run."""

import html
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import RunState
from reports.outputs import run_folder
from reports.phrases import _themes_portable, stems_of, themes
from reports.services import report_run_start
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pdf")]

ENGLISH = [
    "Countries in crisis need peacekeeping missions, and the country should lead.",
    "Peacekeeping missions end disputes between countries.",
    "Our country can settle disputes; peacekeeping missions work.",
    "Whether or not we agree, crises need development aid.",
]
FRENCH = [
    "L'aide au développement et le jumelage des villes gagnent des appuis.",
    "Plus d'aide au développement, plus de jumelage, moins de documents.",
    "Le jumelage aide; l'aide au développement aussi.",
]


@pytest.fixture
def question():
    question = QuestionFactory()
    for body in ENGLISH:
        AnswerFactory(question=question, body=body, language="en")
    for body in FRENCH:
        AnswerFactory(question=question, body=body, language="fr")
    return question


def _words(texts: list[str]) -> set[str]:
    return {word.lower() for text in texts for word in re.findall(r"[^\W\d_]+", text)}


def test_words_are_shown_as_written_and_phrases_recur(question):
    cutoff = timezone.now()
    english = themes(question_id=question.pk, language="en", cutoff=cutoff)
    labels = [theme.label for theme in english["words"]]
    # "country" and "countries" are one theme (4 uses), shown as written; ties: byte order.
    assert labels[0] == "countries" and "peacekeeping" in labels
    assert "peacekeeping missions" in [theme.label for theme in english["phrases"]]
    french = themes(question_id=question.pk, language="fr", cutoff=cutoff)
    assert "jumelage" in [theme.label for theme in french["words"]]
    assert "aide au développement" in [theme.label for theme in french["phrases"]]
    assert themes(question_id=question.pk, language="fr", cutoff=cutoff) == french


def test_the_portable_count_agrees_with_the_database(question):
    cutoff = timezone.now()
    for language in ("en", "fr"):
        assert (
            themes(question_id=question.pk, language=language, cutoff=cutoff)["phrases"]
            == _themes_portable(question.pk, language, cutoff, 10, 6)["phrases"]
        )


def test_no_output_shows_a_term_that_is_not_a_word_of_an_answer(
    question, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_start(
            consultation=question.consultation, requested_by=staff, cutoff=timezone.now()
        )
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED, run.error
    words = _words(ENGLISH + FRENCH)
    stems = set(stems_of(" ".join(ENGLISH), "en")) | set(stems_of(" ".join(FRENCH), "fr"))
    stems_only = stems - words
    assert {"countri", "disput"} <= stems_only  # the checker would see them
    checked = 0
    for name in ("report-en.html", "report-fr.html"):
        page = (run_folder(run.pk) / name).read_text(encoding="utf-8")
        for table in re.findall(r'<table class="report-terms">.*?</table>', page, flags=re.S):
            for cell in re.findall(r'<th scope="row" lang="\w+">(.*?)</th>', table):
                term = html.unescape(cell)
                assert set(term.split()) <= words, term
                checked += 1
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        found = [stem for stem in stems_only if re.search(rf"\b{stem}\b", text)]
        assert not found, (name, found)
    assert checked >= 10


COMMON = [
    "harbour",
    "bridge",
    "river",
    "forest",
    "mountain",
    "valley",
    "island",
    "coast",
    "prairie",
    "tundra",
    "glacier",
    "lake",
    "market",
    "school",
    "clinic",
    "library",
    "museum",
    "theatre",
    "stadium",
    "garden",
    "orchard",
    "vineyard",
    "factory",
    "railway",
    "highway",
    "airport",
    "station",
    "village",
    "county",
    "province",
    "capital",
    "border",
    "treaty",
    "summit",
    "embassy",
    "mission",
    "envoy",
    "charter",
    "council",
    "tribunal",
]
RARE = {  # phrase: in how many answers (ties broken by byte order, one by occurrences)
    "quiet harbour": 4,
    "narrow bridge crossing": 3,
    "open fields": 4,
    "zebra crossing": 3,
    "apple orchards": 2,
    "harbour bridge": 5,  # two common words side by side
    "cold winter": 2,
    "warm summer": 2,
}


def test_phrases_counted_among_common_words_are_the_exhaustive_top() -> None:
    """The database counts phrases among words common enough to reach the top list and
    retries with a lower floor when that finds too few; the result must be exactly the
    exhaustive count's (Python, every phrase), for every list length. Common words
    here are never side by side (two stop words between them end any phrase), so the
    first floor finds almost nothing and the rare phrases decide the list."""
    rng = random.Random(17)
    question = QuestionFactory()
    bodies = [" of the ".join(rng.sample(COMMON, 12)) for _ in range(60)]
    for phrase, count in RARE.items():
        for n in range(count):
            bodies[(7 * n + len(phrase)) % len(bodies)] += f" of the {phrase}"
    bodies[3] += " of the quiet harbour of the quiet harbour"  # more occurrences, same answers
    bodies[5] += " of the Countries of the country of the countries"  # one stem, several forms
    for body in bodies:
        AnswerFactory(question=question, body=body, language="en")
    cutoff = timezone.now()
    for limit in range(1, 9):
        found = themes(question_id=question.pk, language="en", cutoff=cutoff, phrase_limit=limit)
        exhaustive = _themes_portable(question.pk, "en", cutoff, 10, limit)
        assert found["phrases"] == exhaustive["phrases"], limit
        assert found["words"] == exhaustive["words"]
    with CaptureQueriesContext(connection) as queries:
        top = themes(question_id=question.pk, language="en", cutoff=cutoff)["phrases"]
    assert {"harbour bridge", "quiet harbour"} <= {theme.label for theme in top}
    if connection.vendor == "postgresql":  # the first floor was too high: counted again
        assert sum("runs AS" in query["sql"] for query in queries.captured_queries) >= 2
