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
removed first). Words are counted once per distinct word and grouped by `ts_lexize`
of the language's Snowball dictionary; phrases follow each word to the next two
positions, among the words common enough to reach the list (exact, see
`_phrases_postgres`). Elsewhere the same statistics are counted in Python over an
iterator, with `snowballstemmer`.

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
from django.db import connection, transaction
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


# Every statement reads the question's published answers in one language; each keeps
# the work per distinct lexeme where it can: a row per word of every answer is what
# costs at scale.
# The vocabulary: per distinct lexeme, in how many answers and how often it occurs
# (its positions), whether it can be a term at all, and its stem.
_VOCABULARY_SQL = """
        WITH docs AS (
            SELECT id, report_words FROM questions_answer
            WHERE question_id = %(question)s AND language = %(language)s
              AND status = %(status)s AND published_at <= %(cutoff)s
        ), vocabulary AS (
            SELECT u.lexeme, count(*) AS answers,
                   sum(coalesce(array_length(u.positions, 1), 1)) AS entries
            FROM docs, unnest(docs.report_words) AS u GROUP BY u.lexeme
        )
        SELECT lexeme, answers, entries, lexeme ~ %(not_a_term)s AS not_a_term,
               (char_length(lexeme) < 2 OR lexeme = ANY(%(stop)s::text[])) AS stop,
               (ts_lexize(%(dictionary)s::regdictionary, lexeme))[1] AS stem
        FROM vocabulary"""

# In how many answers each of a few stems occurs when it has several forms (an answer
# with "country" and "countries" counts once). `setweight` and `ts_filter` keep only
# the listed lexemes of each answer before anything is unnested.
_STEM_ANSWERS_SQL = """
        WITH docs AS (
            SELECT id, report_words FROM questions_answer
            WHERE question_id = %(question)s AND language = %(language)s
              AND status = %(status)s AND published_at <= %(cutoff)s
        )
        SELECT forms.stem, count(DISTINCT docs.id)
        FROM docs,
             unnest(tsvector_to_array(
                 ts_filter(setweight(docs.report_words, 'A', %(lexemes)s::text[]), '{a}')
             )) AS found(lexeme)
             JOIN unnest(%(lexemes)s::text[], %(stems)s::text[]) AS forms(lexeme, stem)
               ON forms.lexeme = found.lexeme
        GROUP BY forms.stem"""

# Phrases among the kept lexemes only (see `_phrases_postgres`): each answer's kept
# words in position order, each followed by the next two; a phrase needs its words at
# consecutive positions, ends that are not stop words (a stop word may be the middle).
_PHRASES_SQL = """
        WITH docs AS (
            SELECT id, report_words FROM questions_answer
            WHERE question_id = %(question)s AND language = %(language)s
              AND status = %(status)s AND published_at <= %(cutoff)s
        ), placed AS (
            SELECT docs.id, u.lexeme, p.position, u.lexeme = ANY(%(stop)s::text[]) AS stop
            FROM docs,
                 unnest(ts_filter(setweight(docs.report_words, 'A', %(kept)s::text[]), '{a}'))
                   AS u,
                 unnest(u.positions) AS p(position)
        ), runs AS (
            SELECT id, position, lexeme, stop,
                   lead(position, 1) OVER w AS position_1, lead(lexeme, 1) OVER w AS lexeme_1,
                   lead(stop, 1) OVER w AS stop_1,
                   lead(position, 2) OVER w AS position_2, lead(lexeme, 2) OVER w AS lexeme_2,
                   lead(stop, 2) OVER w AS stop_2
            FROM placed WINDOW w AS (PARTITION BY id ORDER BY position)
        ), grams AS (
            SELECT id, lexeme || ' ' || lexeme_1 AS phrase FROM runs
            WHERE position_1 = position + 1 AND NOT stop AND NOT stop_1
            UNION ALL
            SELECT id, lexeme || ' ' || lexeme_1 || ' ' || lexeme_2 FROM runs
            WHERE position_1 = position + 1 AND position_2 = position + 2
              AND NOT stop AND NOT stop_2
        ), per_answer AS (
            SELECT phrase, id, count(*) AS n FROM grams GROUP BY phrase, id
        )
        SELECT phrase, sum(n)::bigint AS entries, count(*) AS answers
        FROM per_answer GROUP BY phrase HAVING count(*) >= %(min_answers)s
        ORDER BY answers DESC, entries DESC, phrase COLLATE "C"
        LIMIT %(phrase_limit)s"""


class _Lexeme(NamedTuple):
    lexeme: str
    answers: int
    entries: int
    not_a_term: bool
    stop: bool
    stem: str | None


def _themes_postgres(
    question_id: int, language: str, cutoff: datetime.datetime, limit: int, phrase_limit: int
) -> Themes:
    params: dict[str, Any] = {
        "question": question_id,
        "language": language,
        "status": Status.PUBLISHED.value,
        "cutoff": cutoff,
        "not_a_term": _PG_NOT_A_TERM,
        "stop": ALL_STOP_WORDS,
        "dictionary": STEM_DICTIONARY[language],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # Short statements over many rows: compiling them would cost more than it saves,
        # and their sorts and hashes fit in memory.
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)"
        )
        cursor.execute(_VOCABULARY_SQL, params)
        vocabulary = [_Lexeme(*row) for row in cursor.fetchall()]
        words = _words_postgres(cursor, params, vocabulary, limit)
        phrases = _phrases_postgres(cursor, params, vocabulary, phrase_limit)
    return {"words": words, "phrases": _without_overlaps(phrases)}


def _words_postgres(
    cursor: Any, params: dict[str, Any], vocabulary: list[_Lexeme], limit: int
) -> list[Theme]:
    """The top `limit` stems by occurrences, then answers, then the word shown.

    Occurrences and forms add up per lexeme; answers do too for a stem of one form.
    Only stems that can reach the top (as many occurrences as the last one in it, ties
    included) and have several forms are counted again, per answer, in the database.
    """
    entries: Counter[str] = Counter()
    forms: dict[str, list[_Lexeme]] = {}
    for row in vocabulary:
        if row.not_a_term or row.stop or row.stem is None:
            continue
        entries[row.stem] += row.entries
        forms.setdefault(row.stem, []).append(row)
    if not entries or limit <= 0:
        return []
    by_entries = sorted(entries.values(), reverse=True)
    floor = by_entries[min(limit, len(by_entries)) - 1]
    reaching = [stem for stem in entries if entries[stem] >= floor]
    answers = {stem: forms[stem][0].answers for stem in reaching if len(forms[stem]) == 1}
    several = [stem for stem in reaching if len(forms[stem]) > 1]
    if several:
        lexemes = [row.lexeme for stem in several for row in forms[stem]]
        stems = [stem for stem in several for _row in forms[stem]]
        cursor.execute(_STEM_ANSWERS_SQL, {**params, "lexemes": lexemes, "stems": stems})
        answers.update(dict(cursor.fetchall()))

    def surface(stem: str) -> str:
        return min(forms[stem], key=lambda row: (-row.entries, row.lexeme.encode())).lexeme

    shown = {stem: surface(stem) for stem in reaching}
    reaching.sort(key=lambda stem: (-entries[stem], -answers[stem], shown[stem].encode()))
    return [Theme(shown[stem], entries[stem], answers[stem]) for stem in reaching[:limit]]


def _phrases_postgres(
    cursor: Any, params: dict[str, Any], vocabulary: list[_Lexeme], phrase_limit: int
) -> list[Theme]:
    """The top `phrase_limit` phrases, counted among frequent words only; exact.

    A phrase occurs in no more answers than any of its words does. So counting only
    the phrases whose words all occur in at least `floor` answers (the kept lexemes)
    gives the exhaustive top list whenever that count finds `phrase_limit` phrases in
    `floor` answers or more: every phrase left out has a word in fewer than `floor`
    answers, so it ranks below all of them; the phrases counted keep their exact
    counts, since leaving other words out only removes phrases that hold them. When
    the count finds fewer, it runs again with a lower floor: the last phrase's answers
    if there are enough phrases (then the condition holds), else a quarter of the floor,
    down to the minimum (every word: the exhaustive count). The first floor is the
    answers of the (4 times `phrase_limit`)-th most common word that is not a stop word.
    """
    if phrase_limit <= 0:
        return []
    terms = [row for row in vocabulary if not row.not_a_term]
    common = sorted((row.answers for row in terms if not row.stop), reverse=True)
    floor = common[min(4 * phrase_limit, len(common)) - 1] if common else PHRASE_MIN_ANSWERS
    floor = max(floor, PHRASE_MIN_ANSWERS)
    while True:
        kept = [row.lexeme for row in terms if row.answers >= floor]
        stop = [row.lexeme for row in terms if row.answers >= floor and row.stop]
        cursor.execute(
            _PHRASES_SQL,
            {
                **params,
                "kept": kept,
                "stop": stop,
                "min_answers": PHRASE_MIN_ANSWERS,
                "phrase_limit": phrase_limit,
            },
        )
        found = [Theme(*row) for row in cursor.fetchall()]
        if floor <= PHRASE_MIN_ANSWERS or (
            len(found) == phrase_limit and found[-1].answers >= floor
        ):
            return found
        if len(found) == phrase_limit:
            floor = found[-1].answers
        else:
            floor = max(floor // 4, PHRASE_MIN_ANSWERS)


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
