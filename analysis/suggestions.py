"""Candidate themes found in the answers themselves, for an analyst to accept or ignore.

Answers of one question in one language are reduced to word stems (Snowball, the
stemmer the portal already uses for key terms) without function words, weighted by
TF-IDF over single stems and pairs, and clustered with k-means (scikit-learn,
`random_state` fixed and the input in id order, so the same answers always give the
same clusters). Each cluster is shown with its top phrases (the stems read back as
the word most often behind them) and the five answers nearest its centre.
"""

import re
from collections import Counter
from collections.abc import Sequence
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
    examples: list[int]  # indices into the input, nearest the centre first


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


def clusters_find(texts: Sequence[str], language: str) -> list[Cluster]:
    """Clusters of `texts` (in a fixed order), largest first; none for too few texts."""
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2 * MIN_PER_CLUSTER:
        return []
    stems = _Stems(language)
    documents = [stems.tokens(text) for text in texts]
    surface = stems.surface
    vectorizer = TfidfVectorizer(
        analyzer=lambda stems: stems + [f"{a} {b}" for a, b in pairwise(stems)],
        min_df=2,
        max_df=0.9,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no term in two answers: nothing to group
        return []
    k = max(2, min(MAX_CLUSTERS, len(texts) // (4 * MIN_PER_CLUSTER)))
    if len(texts) >= MINI_BATCH_FROM:
        model = MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=3, batch_size=4096)
    else:
        model = KMeans(n_clusters=k, random_state=SEED, n_init=4)
    labels = model.fit_predict(matrix)
    terms = vectorizer.get_feature_names_out()
    best_word: dict[str, str] = {}
    for (stem, word), _n in sorted(surface.items(), key=lambda item: (-item[1], item[0])):
        best_word.setdefault(stem, word)

    def readable(term: str) -> str:
        return " ".join(best_word.get(stem, stem) for stem in term.split())

    distances = model.transform(matrix)
    clusters = []
    for label in range(k):
        members = np.flatnonzero(labels == label)
        if len(members) < MIN_PER_CLUSTER:
            continue
        centre = model.cluster_centers_[label]
        top = [readable(terms[i]) for i in np.argsort(-centre, kind="stable")[:PHRASES]]
        nearest = members[np.argsort(distances[members, label], kind="stable")[:EXAMPLES]]
        clusters.append(Cluster(size=len(members), phrases=top, examples=[int(i) for i in nearest]))
    clusters.sort(key=lambda cluster: (-cluster.size, cluster.phrases))
    return clusters
