"""Key terms per question and language: deterministic, same input, same output.

On PostgreSQL the work stays in the database: `ts_stat` over the answers parsed
with the `english` or `french` text-search configuration (Snowball stemming and
that configuration's stop words). Elsewhere the same statistics are counted in
Python over an iterator, with `snowballstemmer` and the lists in `stopwords.py`.
Both return word stems, ranked by occurrences, then documents, then the stem.
"""

import datetime
import re
from collections import Counter

import snowballstemmer
from django.db import connection

from moderation.models import Status
from questions.models import Answer

from .stopwords import BY_LANGUAGE

TOP_TERMS = 10
TS_CONFIG = {"en": "english", "fr": "french"}
SNOWBALL = {"en": "english", "fr": "french"}
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def key_terms(*, question_id, language, cutoff, limit=TOP_TERMS):
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
        f"SELECT to_tsvector('{config}', body) FROM {table} "  # noqa: S608  # nosec B608 # checked literals
        f"WHERE question_id = {question_id:d} AND language = '{language}' "
        f"AND status = '{Status.PUBLISHED.value}' "
        f"AND published_at <= '{cutoff.isoformat()}'::timestamptz"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, nentry, ndoc FROM ts_stat(%s) "
            'ORDER BY nentry DESC, ndoc DESC, word COLLATE "C" LIMIT %s',
            [inner, limit],
        )
        return [(word, nentry, ndoc) for word, nentry, ndoc in cursor.fetchall()]


def stems_of(text, language, *, stemmer=None, stop_words=None):
    stemmer = stemmer or snowballstemmer.stemmer(SNOWBALL[language])
    stop_words = BY_LANGUAGE[language] if stop_words is None else stop_words
    words = [w for w in WORD.findall(text.lower()) if w not in stop_words]
    return stemmer.stemWords(words)


def _key_terms_portable(question_id, language, cutoff, limit):
    stemmer = snowballstemmer.stemmer(SNOWBALL[language])
    stop_words = BY_LANGUAGE[language]
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
        stems = stems_of(body, language, stemmer=stemmer, stop_words=stop_words)
        entries.update(stems)
        documents.update(set(stems))
    ranked = sorted(entries, key=lambda stem: (-entries[stem], -documents[stem], stem))
    return [(stem, entries[stem], documents[stem]) for stem in ranked[:limit]]
