"""Themes per question and language: readable words and recurring phrases, deterministic.

A theme is never a stem. Words are counted by stem (Snowball: "country" and
"countries" are one theme) and shown in the form participants wrote most often;
phrases are two or three words in a row that recur in several answers, starting and
ending with a word that is not a stop word ("peacekeeping missions", « aide au
développement »). Stop words of both languages are left out. Same answers, same
themes: ties are broken by the words themselves (byte order).

On PostgreSQL the work stays in the database and nothing is parsed again: each
answer carries `report_words`, a stored column generated from its body (the
`simple` configuration: lower-case words with their positions, e-mail addresses
removed first). Words are grouped by `ts_lexize` of the language's Snowball
dictionary; phrases join a word to the next position. Elsewhere the same
statistics are counted in Python over an iterator, with `snowballstemmer`.

Themes are published, so e-mail addresses and phone numbers never count as words:
the portable path masks each body through `moderation.pii`; on PostgreSQL the same
address patterns are removed in SQL before parsing, and lexemes holding an at sign,
a dot, a slash, a hyphen or a digit (addresses, hosts, URLs, numbers) are left out.
"""

import datetime
import re
from collections import Counter
from collections.abc import Collection
from typing import Any, NamedTuple, TypedDict

import snowballstemmer
from django.db import connection
from django.utils import translation

from moderation import pii
from moderation.models import Status
from questions.models import Answer

from .stopwords import BY_LANGUAGE, ENGLISH, FRENCH

TOP_TERMS = 10
TOP_PHRASES = 6
# A phrase is shown once this many answers use it: a phrase of one answer is not a theme.
PHRASE_MIN_ANSWERS = 2
TS_CONFIG = {"en": "english", "fr": "french"}
STEM_DICTIONARY = {"en": "english_stem", "fr": "french_stem"}
SNOWBALL = {"en": "english", "fr": "french"}
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Every run of letters, one-letter ones too (elided « l' », « d' »): the same tokens as
# PostgreSQL's parser, so positions (and phrases) agree.
TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)

# PostgreSQL's side of `moderation.pii`, for bodies read in SQL (see `_clean_sql`):
# its cheap pre-check without the digit part (numbers are dropped as lexemes anyway),
# its e-mail pattern in PostgreSQL's regular expression syntax, and the reading it
# does first (escapes, entities, invisible characters, look-alikes).
_PG_MAYBE = (
    "[@\uff20\ufe6b]|&[#a-z]|[\\[({<]\\s*(at|arobase)\\y|\\y(at|arobase)\\s+\\S+\\s+(dot|point)\\y"
)
_PG_LOCAL = r"[\w.+%'-]+"
_PG_AT = r"(\s*@\s*|\s*[\[({<]\s*(at|arobase)\s*[\])}>]\s*)"
_PG_DOT = r"(\.|\s*[\[({<]\s*(dot|point)\s*[\])}>]\s*|\s+(dot|point)\s+)"
_PG_LABEL = r"[\w-]+"
_PG_TLD = r"[[:alpha:]]{2,}"
_PG_EMAIL = (
    rf"{_PG_LOCAL}{_PG_AT}{_PG_LABEL}({_PG_DOT}{_PG_LABEL})*{_PG_DOT}{_PG_TLD}(?![\w-])"
    rf"|{_PG_LOCAL}\s+at\s+{_PG_LABEL}(\s+dot\s+{_PG_LABEL})*\s+dot\s+{_PG_TLD}(?![\w-])"
    rf"|{_PG_LOCAL}\s+arobase\s+{_PG_LABEL}(\s+point\s+{_PG_LABEL})*\s+point\s+{_PG_TLD}(?![\w-])"
)
_PG_ESCAPE = r"\\([[:punct:]])"
_PG_ENTITY_AT = r"&(#0*64|#x0*40|commat);"
_PG_ENTITY_DOT = r"&(#0*46|#x0*2e|period);"
# Any other entity is read as a gap: a digit or a dash written as one stays apart.
_PG_ENTITY = r"&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});"
_PG_LOOKALIKES = "\uff20\ufe6b\uff0e\u3002\u2024"
_PG_LOOKALIKES_TO = "@@..."
_PG_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u0002\u0003*_`~"
# Lexemes that are addresses, hosts, URLs, paths or numbers: never a key term.
_PG_NOT_A_TERM = "[-@./[:digit:]\uff10-\uff19]"


class Theme(NamedTuple):
    """A word or phrase as shown, with how often it occurs and in how many answers."""

    label: str
    occurrences: int
    answers: int


class Themes(TypedDict):
    words: list[Theme]
    phrases: list[Theme]


def key_terms(
    *, question_id: int, language: str, cutoff: datetime.datetime, limit: int = TOP_TERMS
) -> list[Theme]:
    """[(word, occurrences, answers)] for the question's published answers in `language`."""
    return themes(question_id=question_id, language=language, cutoff=cutoff, limit=limit)["words"]


def themes(
    *,
    question_id: int,
    language: str,
    cutoff: datetime.datetime,
    limit: int = TOP_TERMS,
    phrase_limit: int = TOP_PHRASES,
) -> Themes:
    """The question's words and phrases in `language`, most frequent first."""
    if connection.vendor == "postgresql":
        return _themes_postgres(question_id, language, cutoff, limit, phrase_limit)
    return _themes_portable(question_id, language, cutoff, limit, phrase_limit)


# Stop words of both languages, as PostgreSQL sees them (positions kept, so a phrase
# can hold one in its middle: « aide au développement »).
ALL_STOP_WORDS = sorted(ENGLISH | FRENCH)


_WORDS_SQL = """
        WITH docs AS (
            SELECT id, report_words FROM questions_answer
            WHERE question_id = %(question)s AND language = %(language)s
              AND status = %(status)s AND published_at <= %(cutoff)s
        ), lexemes AS (
            SELECT docs.id, u.lexeme, u.positions FROM docs, unnest(docs.report_words) AS u
            WHERE u.lexeme !~ %(not_a_term)s
        ), words AS (
            SELECT id, lexeme, coalesce(array_length(positions, 1), 1) AS n FROM lexemes
            WHERE char_length(lexeme) >= 2 AND lexeme <> ALL(%(stop)s::text[])
        ), stems AS (
            SELECT lexeme, (ts_lexize(%(dictionary)s::regdictionary, lexeme))[1] AS stem
            FROM (SELECT DISTINCT lexeme FROM words) AS distinct_words
        ), counted AS (
            SELECT stems.stem, words.lexeme, words.id, words.n
            FROM words JOIN stems USING (lexeme) WHERE stems.stem IS NOT NULL
        ), per_stem AS (
            SELECT stem, sum(n) AS entries, count(DISTINCT id) AS answers
            FROM counted GROUP BY stem
        ), surface AS (
            SELECT DISTINCT ON (stem) stem, lexeme FROM (
                SELECT stem, lexeme, sum(n) AS n FROM counted GROUP BY stem, lexeme
            ) AS forms ORDER BY stem, n DESC, lexeme COLLATE "C"
        )
        SELECT surface.lexeme, per_stem.entries, per_stem.answers
        FROM per_stem JOIN surface USING (stem)
        ORDER BY per_stem.entries DESC, per_stem.answers DESC, surface.lexeme COLLATE "C"
        LIMIT %(limit)s"""

_PHRASES_SQL = """
        WITH docs AS (
            SELECT id, report_words FROM questions_answer
            WHERE question_id = %(question)s AND language = %(language)s
              AND status = %(status)s AND published_at <= %(cutoff)s
        ), lexemes AS (
            SELECT docs.id, u.lexeme, u.positions FROM docs, unnest(docs.report_words) AS u
            WHERE u.lexeme !~ %(not_a_term)s
        ), placed AS (
            SELECT id, lexeme, unnest(positions) AS position,
                   (char_length(lexeme) < 2 OR lexeme = ANY(%(stop)s::text[])) AS stop
            FROM lexemes
        ), grams AS (
            SELECT a.id, a.lexeme || ' ' || b.lexeme AS phrase
            FROM placed a JOIN placed b ON b.id = a.id AND b.position = a.position + 1
            WHERE NOT a.stop AND NOT b.stop
            UNION ALL
            SELECT a.id, a.lexeme || ' ' || b.lexeme || ' ' || c.lexeme
            FROM placed a
            JOIN placed b ON b.id = a.id AND b.position = a.position + 1
            JOIN placed c ON c.id = a.id AND c.position = a.position + 2
            WHERE NOT a.stop AND NOT c.stop
        )
        SELECT phrase, count(*) AS entries, count(DISTINCT id) AS answers
        FROM grams GROUP BY phrase HAVING count(DISTINCT id) >= %(min_answers)s
        ORDER BY answers DESC, entries DESC, phrase COLLATE "C"
        LIMIT %(phrase_limit)s"""


def _themes_postgres(
    question_id: int, language: str, cutoff: datetime.datetime, limit: int, phrase_limit: int
) -> Themes:
    params: dict[str, int | str | datetime.datetime | list[str]] = {
        "question": question_id,
        "language": language,
        "status": Status.PUBLISHED.value,
        "cutoff": cutoff,
        "not_a_term": _PG_NOT_A_TERM,
        "stop": ALL_STOP_WORDS,
        "dictionary": STEM_DICTIONARY[language],
        "limit": limit,
        "phrase_limit": phrase_limit,
        "min_answers": PHRASE_MIN_ANSWERS,
    }
    with connection.cursor() as cursor:
        cursor.execute(_WORDS_SQL, params)
        words = [Theme(*row) for row in cursor.fetchall()]
        cursor.execute(_PHRASES_SQL, params)
        phrases = [Theme(*row) for row in cursor.fetchall()]
    return {"words": words, "phrases": _without_overlaps(phrases)}


def _without_overlaps(phrases: list[Theme]) -> list[Theme]:
    """Phrases without a two-word phrase already inside a longer one ranked above it...
    and without a longer one that only repeats a shorter one's answers."""
    kept: list[Theme] = []
    for phrase in phrases:
        if any(
            f" {phrase.label} " in f" {other.label} " or f" {other.label} " in f" {phrase.label} "
            for other in kept
        ):
            continue
        kept.append(phrase)
    return kept


def _literal(value: str) -> str:
    """A module constant as an SQL string literal (standard conforming strings)."""
    return "'" + value.replace("'", "''") + "'"


def _clean_sql(column: str) -> str:
    """SQL for `column` with e-mail addresses removed, evaluated row by row in the
    database; the regular expressions run only on bodies the pre-check lets through."""
    text = f"regexp_replace({column}, {_literal(_PG_ESCAPE)}, '\\1', 'g')"
    text = f"regexp_replace({text}, {_literal(_PG_ENTITY_AT)}, '@', 'gi')"
    text = f"regexp_replace({text}, {_literal(_PG_ENTITY_DOT)}, '.', 'gi')"
    text = f"regexp_replace({text}, {_literal(_PG_ENTITY)}, ' ', 'gi')"
    text = (
        f"translate({text}, {_literal(_PG_LOOKALIKES + _PG_DROPPED)}, "
        f"{_literal(_PG_LOOKALIKES_TO)})"
    )
    text = f"regexp_replace({text}, {_literal(_PG_EMAIL)}, ' ', 'gi')"
    return f"CASE WHEN {column} ~* {_literal(_PG_MAYBE)} THEN {text} ELSE {column} END"


def stems_of(
    text: str,
    language: str,
    *,
    stemmer: Any = None,
    stop_words: Collection[str] | None = None,
) -> list[str]:
    """The Snowball stems of `text`'s words that are not stop words (for checks)."""
    stemmer = stemmer or snowballstemmer.stemmer(SNOWBALL[language])
    stop_words = BY_LANGUAGE[language] if stop_words is None else stop_words
    words = [w for w in WORD.findall(text.lower()) if w not in stop_words]
    return stemmer.stemWords(words)


def _themes_portable(
    question_id: int, language: str, cutoff: datetime.datetime, limit: int, phrase_limit: int
) -> Themes:
    stemmer = snowballstemmer.stemmer(SNOWBALL[language])
    stop_words = ENGLISH | FRENCH
    with translation.override(language):
        notices = (str(pii.EMAIL_MASK), str(pii.PHONE_MASK))
    entries: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    phrase_entries: Counter[str] = Counter()
    phrase_documents: Counter[str] = Counter()
    stems_cache: dict[str, str] = {}
    bodies = (
        Answer.objects.filter(
            question_id=question_id,
            language=language,
            status=Status.PUBLISHED,
            published_at__lte=cutoff,
        )
        .order_by("id")
        .values_list("body", flat=True)
        .iterator(chunk_size=2000)
    )
    for body in bodies:
        tokens = _tokens(_masked(body, language, notices))
        stop = [len(token) < 2 or token in stop_words for token in tokens]
        seen: set[str] = set()
        for token, is_stop in zip(tokens, stop, strict=True):
            if is_stop:
                continue
            stem = stems_cache.get(token)
            if stem is None:
                stem = stems_cache[token] = stemmer.stemWord(token)
            entries[stem] += 1
            forms.setdefault(stem, Counter())[token] += 1
            seen.add(stem)
        documents.update(seen)
        grams = []
        for i in range(len(tokens) - 1):
            if not stop[i] and not stop[i + 1]:
                grams.append(f"{tokens[i]} {tokens[i + 1]}")
            if i + 2 < len(tokens) and not stop[i] and not stop[i + 2]:
                grams.append(f"{tokens[i]} {tokens[i + 1]} {tokens[i + 2]}")
        phrase_entries.update(grams)
        phrase_documents.update(set(grams))

    def surface(stem: str) -> str:
        return min(forms[stem].items(), key=lambda item: (-item[1], item[0].encode()))[0]

    shown = {stem: surface(stem) for stem in entries}
    ranked = sorted(
        entries, key=lambda stem: (-entries[stem], -documents[stem], shown[stem].encode())
    )
    words = [Theme(shown[stem], entries[stem], documents[stem]) for stem in ranked[:limit]]
    recurring = [p for p in phrase_documents if phrase_documents[p] >= PHRASE_MIN_ANSWERS]
    recurring.sort(key=lambda p: (-phrase_documents[p], -phrase_entries[p], p.encode()))
    phrases = [Theme(p, phrase_entries[p], phrase_documents[p]) for p in recurring[:phrase_limit]]
    return {"words": words, "phrases": _without_overlaps(phrases)}


def _tokens(text: str) -> list[str]:
    """Lower-case runs of letters in order, as PostgreSQL's `simple` configuration reads
    them (an apostrophe or a hyphen splits a word; digits are not letters)."""
    return TOKEN.findall(text.lower())


def _masked(body: str, language: str, notices: tuple[str, ...]) -> str:
    """`body` without its e-mail addresses and phone numbers, nor the notices that
    replace them (they are not the participant's words)."""
    masked = pii.pii_mask(body, language)  # returns `body` itself after its pre-check
    if masked is body:
        return body
    for notice in notices:
        masked = masked.replace(notice, " ")
    return masked
