"""Key terms per question and language: deterministic, same input, same output.

On PostgreSQL the work stays in the database: `ts_stat` over the answers parsed
with the `english` or `french` text-search configuration (Snowball stemming and
that configuration's stop words). Elsewhere the same statistics are counted in
Python over an iterator, with `snowballstemmer` and the lists in `stopwords.py`.
Both return word stems, ranked by occurrences, then documents, then the stem.

Key terms are published, so e-mail addresses and phone numbers never count as words:
the portable path masks each body through `moderation.pii`; on PostgreSQL the same
address patterns are removed in SQL before parsing, and lexemes holding an at sign,
a dot, a slash or a digit (addresses, hosts, URLs, numbers) are left out of the ranking.
"""

import datetime
import re
from collections import Counter

import snowballstemmer
from django.db import connection
from django.utils import translation

from moderation import pii
from moderation.models import Status
from questions.models import Answer

from .stopwords import BY_LANGUAGE

TOP_TERMS = 10
TS_CONFIG = {"en": "english", "fr": "french"}
SNOWBALL = {"en": "english", "fr": "french"}
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)

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
_PG_NOT_A_TERM = "[@./[:digit:]\uff10-\uff19]"


def key_terms(
    *, question_id: int, language: str, cutoff: datetime.datetime, limit: int = TOP_TERMS
) -> list[tuple[str, int, int]]:
    """[(stem, occurrences, answers)] for the question's published answers in `language`."""
    if connection.vendor == "postgresql":
        return _key_terms_postgres(question_id, language, cutoff, limit)
    return _key_terms_portable(question_id, language, cutoff, limit)


def _key_terms_postgres(question_id, language, cutoff, limit):
    # ts_stat takes the text of a query, so the inner query carries literals. Each
    # comes from a checked type or a fixed table, never from a request.
    if not isinstance(question_id, int) or not isinstance(cutoff, datetime.datetime):
        raise TypeError("question_id must be an int and cutoff a datetime")
    config = TS_CONFIG[language]
    table = connection.ops.quote_name(Answer._meta.db_table)
    inner = (
        f"SELECT to_tsvector('{config}', {_clean_sql('body')}) FROM {table} "  # noqa: S608  # nosec B608 # checked literals
        f"WHERE question_id = {question_id:d} AND language = '{language}' "
        f"AND status = '{Status.PUBLISHED.value}' "
        f"AND published_at <= '{cutoff.isoformat()}'::timestamptz"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, nentry, ndoc FROM ts_stat(%s) WHERE word !~ %s "
            'ORDER BY nentry DESC, ndoc DESC, word COLLATE "C" LIMIT %s',
            [inner, _PG_NOT_A_TERM, limit],
        )
        return [(word, nentry, ndoc) for word, nentry, ndoc in cursor.fetchall()]


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


def stems_of(text, language, *, stemmer=None, stop_words=None):
    stemmer = stemmer or snowballstemmer.stemmer(SNOWBALL[language])
    stop_words = BY_LANGUAGE[language] if stop_words is None else stop_words
    words = [w for w in WORD.findall(text.lower()) if w not in stop_words]
    return stemmer.stemWords(words)


def _key_terms_portable(question_id, language, cutoff, limit):
    stemmer = snowballstemmer.stemmer(SNOWBALL[language])
    stop_words = BY_LANGUAGE[language]
    with translation.override(language):
        notices = (str(pii.EMAIL_MASK), str(pii.PHONE_MASK))
    entries = Counter()
    documents = Counter()
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
        body = _masked(body, language, notices)
        stems = stems_of(body, language, stemmer=stemmer, stop_words=stop_words)
        entries.update(stems)
        documents.update(set(stems))
    ranked = sorted(entries, key=lambda stem: (-entries[stem], -documents[stem], stem))
    return [(stem, entries[stem], documents[stem]) for stem in ranked[:limit]]


def _masked(body: str, language: str, notices: tuple[str, ...]) -> str:
    """`body` without its e-mail addresses and phone numbers, nor the notices that
    replace them (they are not the participant's words)."""
    masked = pii.pii_mask(body, language)  # returns `body` itself after its pre-check
    if masked is body:
        return body
    for notice in notices:
        masked = masked.replace(notice, " ")
    return masked
