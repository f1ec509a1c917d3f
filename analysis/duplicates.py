"""Finding answers that are copies of one another: campaigns and near-duplicates.

Two passes over the published answers of a question, in plain Python (so SQLite and
PostgreSQL give the same groups):

* exact copies: the same text once normalised (case, accents, punctuation and spacing
  folded) have the same SHA-256;
* near copies: MinHash signatures of word 3-shingles, banded for locality-sensitive
  hashing; pairs that share a band are confirmed by their true Jaccard similarity
  (at least `NEAR_JACCARD`). A changed word, a signature line or a greeting leave
  most shingles in place; two independent answers share almost none.

Groups are the connected components (union-find). Detection is deterministic: the
hash functions come from a fixed seed and CRC-32 of the shingle, not Python's
per-process string hash.
"""

import hashlib
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.5 meet in a band 64 % of the time,
ROWS = PERMUTATIONS // BANDS  # at 0.7 in 98 %, at 0.2 in 3 % (then the check refuses them).
NEAR_JACCARD = 0.5
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261127)
_A = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(_WORD.findall(folded))


def text_key(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def shingles(normalised: str) -> set[int]:
    words = normalised.split()
    if len(words) < SHINGLE_WORDS:
        return {zlib.crc32(normalised.encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def minhash(items: set[int]) -> np.ndarray:
    """The signature: for each of the hash functions, the smallest hash of any shingle."""
    values = np.fromiter(items, dtype=np.uint64, count=len(items))
    # (a * x + b) mod p, in 64-bit arithmetic that wraps: still a good mixing of x, and
    # the same on every machine.
    hashed = (values[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return hashed.min(axis=0)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass(frozen=True)
class Group:
    """Indices (into the input) of answers found to be copies, and their common text's key."""

    members: list[int]
    key: str
    common_index: int  # one member whose text is the group's most common one


def groups_find(texts: Sequence[str]) -> list[Group]:
    """Groups of two or more texts that are copies or near copies of each other."""
    n = len(texts)
    forms = [normalise(text) for text in texts]
    keys = [hashlib.sha256(form.encode()).hexdigest() for form in forms]
    found = _UnionFind(n)

    first_of_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in first_of_key:
            found.union(first_of_key[key], i)
        else:
            first_of_key[key] = i

    # Near copies: one signature per distinct text is enough.
    distinct = list(first_of_key.values())
    sets = {i: shingles(forms[i]) for i in distinct}
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i in distinct:
        if not sets[i]:
            continue
        signature = minhash(sets[i])
        for band in range(BANDS):
            chunk = signature[band * ROWS : (band + 1) * ROWS].tobytes()
            buckets.setdefault((band, chunk), []).append(i)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        first = members[0]
        for j in members[1:]:
            # Checking each against the bucket's first member is enough to join a
            # bucket into one component without comparing every pair.
            if (first, j) in checked or found.find(first) == found.find(j):
                continue
            checked.add((first, j))
            if _jaccard(sets[first], sets[j]) >= NEAR_JACCARD:
                found.union(first, j)

    components: dict[int, list[int]] = {}
    for i in range(n):
        components.setdefault(found.find(i), []).append(i)
    groups = []
    for members in components.values():
        if len(members) < 2:
            continue
        common_key, _count = Counter(keys[i] for i in members).most_common(1)[0]
        common = min(i for i in members if keys[i] == common_key)
        groups.append(Group(members=sorted(members), key=common_key, common_index=common))
    groups.sort(key=lambda group: (-len(group.members), group.members[0]))
    return groups


def _jaccard(a: set[int], b: set[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def word_diff(common: str, text: str) -> list[tuple[str, str]]:
    """[(kind, words)] turning `common` into `text`: kind is "same", "del" or "ins"."""
    import difflib

    a, b = common.split(), text.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("ins", " ".join(b[j1:j2])))
    return parts


def keys_of(texts: Iterable[str]) -> list[str]:
    return [text_key(text) for text in texts]
