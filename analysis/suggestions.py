"""Candidate themes found in the answers themselves, for an analyst to accept or ignore.

Answers of one question in one language are reduced to word stems (Snowball, the
stemmer the portal already uses for key terms) without function words, weighted by
TF-IDF over single stems and pairs, and clustered with k-means (scikit-learn,
`random_state` fixed and the input in id order, so the same answers always give the
same clusters). Each cluster is shown with its top phrases (the stems read back as
the word most often behind them) and the five answers nearest its centre.
"""

import heapq
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import snowballstemmer

SEED = 20261127
MAX_CLUSTERS = 8
MIN_PER_CLUSTER = 5
EXAMPLES = 5
PHRASES = 6
MAX_FEATURES = 20000
# Above this many answers, k-means learns on mini-batches: minutes at 100,000 answers
# become seconds, with the same fixed seed.
MINI_BATCH_FROM = 5000
# The model learns from at most this many answers of a question and language, drawn
# with the fixed seed; every answer is then counted in its nearest cluster, a batch at
# a time, so memory stays flat however many answered.
SAMPLE = 20000
ASSIGN_BATCH = 5000

_WORD = re.compile(r"[^\W\d_]{2,}")
STOP = {
    "en": frozenset(
        [
            "a",
            "about",
            "above",
            "after",
            "again",
            "against",
            "all",
            "also",
            "am",
            "an",
            "and",
            "any",
            "are",
            "as",
            "at",
            "be",
            "because",
            "been",
            "before",
            "being",
            "below",
            "between",
            "both",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "doing",
            "down",
            "during",
            "each",
            "even",
            "few",
            "for",
            "from",
            "further",
            "had",
            "has",
            "have",
            "having",
            "he",
            "her",
            "here",
            "hers",
            "him",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "itself",
            "just",
            "me",
            "more",
            "most",
            "much",
            "must",
            "my",
            "no",
            "nor",
            "not",
            "now",
            "of",
            "off",
            "on",
            "once",
            "only",
            "or",
            "other",
            "our",
            "ours",
            "out",
            "over",
            "own",
            "same",
            "shall",
            "she",
            "should",
            "so",
            "some",
            "such",
            "than",
            "that",
            "the",
            "their",
            "theirs",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "through",
            "to",
            "too",
            "under",
            "until",
            "up",
            "us",
            "very",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "which",
            "while",
            "who",
            "whom",
            "why",
            "will",
            "with",
            "would",
            "you",
            "your",
            "think",
            "canada",
            "canadian",
            "canadians",
            "should",
        ]
    ),
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "cet",
            "cette",
            "comme",
            "dans",
            "de",
            "des",
            "du",
            "elle",
            "elles",
            "en",
            "est",
            "et",
            "être",
            "eux",
            "il",
            "ils",
            "je",
            "la",
            "le",
            "les",
            "leur",
            "leurs",
            "lui",
            "ma",
            "mais",
            "me",
            "même",
            "mes",
            "moi",
            "mon",
            "ne",
            "nos",
            "notre",
            "nous",
            "on",
            "ou",
            "où",
            "par",
            "pas",
            "pour",
            "qu",
            "que",
            "qui",
            "sa",
            "se",
            "ses",
            "si",
            "son",
            "sont",
            "sur",
            "ta",
            "te",
            "tes",
            "toi",
            "ton",
            "tu",
            "un",
            "une",
            "vos",
            "votre",
            "vous",
            "y",
            "été",
            "avoir",
            "ont",
            "fait",
            "faire",
            "faut",
            "plus",
            "aussi",
            "très",
            "tout",
            "tous",
            "toutes",
            "cela",
            "ça",
            "doit",
            "devrait",
            "pense",
            "canada",
            "canadien",
            "canadiens",
            "canadienne",
        ]
    ),
}
_STEMMERS = {"en": "english", "fr": "french"}


@dataclass(frozen=True)
class Cluster:
    size: int
    phrases: list[str]
    examples: list[int]  # the answers nearest the centre first (input indices or keys)


class _Stems:
    """Each distinct word stemmed once: answers repeat the same few thousand words, and
    the Snowball stemmer in pure Python is the slowest step otherwise."""

    def __init__(self, language: str) -> None:
        self.stemmer = snowballstemmer.stemmer(_STEMMERS[language])
        self.stop = STOP[language]
        self.known: dict[str, str] = {}
        self.surface: Counter[tuple[str, str]] = Counter()

    def tokens(self, text: str) -> list[str]:
        stems = []
        for word in _WORD.findall(text.lower()):
            if word in self.stop:
                continue
            stem = self.known.get(word)
            if stem is None:
                stem = self.known[word] = self.stemmer.stemWord(word)
            self.surface[(stem, word)] += 1
            stems.append(stem)
        return stems


def sample_positions(count: int, size: int | None = None) -> list[int]:
    """Which of `count` answers (in id order) the model learns from: all of them up to
    `size` (`SAMPLE`), else `size` positions drawn with the fixed seed, in order."""
    size = SAMPLE if size is None else size
    if count <= size:
        return list(range(count))
    return sorted(random.Random(SEED).sample(range(count), size))  # noqa: S311 # a seeded sample, not a secret


def clusters_find(texts: Sequence[str], language: str) -> list[Cluster]:
    """Clusters of `texts` (in a fixed order), largest first; none for too few texts."""
    sample = [texts[i] for i in sample_positions(len(texts))]
    batches = (
        list(enumerate(texts[i : i + ASSIGN_BATCH], start=i))
        for i in range(0, len(texts), ASSIGN_BATCH)
    )
    return clusters_find_streamed(sample, batches, language)


def clusters_find_streamed(
    sample: Sequence[str], batches: Iterable[Sequence[tuple[int, str]]], language: str
) -> list[Cluster]:
    """Clusters learnt from `sample` (at most `SAMPLE` texts, in a fixed order), then
    every answer of `batches` ((key, text) pairs, read once, in a fixed order) counted
    in its nearest cluster; examples are the keys of the answers nearest each centre.
    Memory is the sample's and one batch's, whatever the number of answers."""
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(sample) < 2 * MIN_PER_CLUSTER:
        return []
    stems = _Stems(language)
    documents = [stems.tokens(text) for text in sample]
    best_word: dict[str, str] = {}
    for (stem, word), _n in sorted(stems.surface.items(), key=lambda item: (-item[1], item[0])):
        best_word.setdefault(stem, word)
    vectorizer = TfidfVectorizer(
        analyzer=_terms,
        min_df=2,
        max_df=0.9,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no term in two answers: nothing to group
        return []
    del documents
    k = max(2, min(MAX_CLUSTERS, len(sample) // (4 * MIN_PER_CLUSTER)))
    model: KMeans | MiniBatchKMeans
    if len(sample) >= MINI_BATCH_FROM:
        model = MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=3, batch_size=4096)
    else:
        model = KMeans(n_clusters=k, random_state=SEED, n_init=4)
    model.fit(matrix)
    del matrix
    terms = vectorizer.get_feature_names_out()

    def readable(term: str) -> str:
        return " ".join(best_word.get(stem, stem) for stem in term.split())

    sizes = np.zeros(k, dtype=np.int64)
    # Per cluster, the EXAMPLES nearest answers so far as (-distance, -order) in a
    # min-heap: the farthest (then latest) is the one pushed out.
    nearest: list[list[tuple[float, int, int]]] = [[] for _ in range(k)]
    seen = 0
    for batch in batches:
        if not batch:
            continue
        rows = vectorizer.transform([stems.tokens(text) for _key, text in batch])
        labels = model.predict(rows)
        distances = model.transform(rows)
        sizes += np.bincount(labels, minlength=k)
        for position, ((key, _text), label) in enumerate(zip(batch, labels, strict=True)):
            entry = (-float(distances[position, label]), -(seen + position), key)
            heap = nearest[label]
            if len(heap) < EXAMPLES:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
        seen += len(batch)
    clusters = []
    for label in range(k):
        if sizes[label] < MIN_PER_CLUSTER:
            continue
        centre = model.cluster_centers_[label]
        top = [readable(terms[i]) for i in np.argsort(-centre, kind="stable")[:PHRASES]]
        examples = [key for _d, _o, key in sorted(nearest[label], reverse=True)]
        clusters.append(Cluster(size=int(sizes[label]), phrases=top, examples=examples))
    clusters.sort(key=lambda cluster: (-cluster.size, cluster.phrases))
    return clusters


def _terms(stems: list[str]) -> list[str]:
    """What TF-IDF weighs: the stems and each pair of neighbouring stems."""
    return stems + [f"{a} {b}" for a, b in pairwise(stems)]
