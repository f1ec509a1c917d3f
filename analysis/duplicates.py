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

import functools
import hashlib
import re
import sys
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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
_BAND_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
    dtype=np.uint64,
)[:ROWS]
_WORD = re.compile(r"\w+")
STREAM_BATCH = 2000  # texts per read and per similarity-check read
_PAIRS_BATCH = 100_000  # candidate pairs checked per slice
_SIGNATURE_BATCH = 128  # signatures computed at once (a few MiB of intermediate hashes)


@functools.cache
def _combining_marks() -> dict[int, None]:
    """Every combining code point, for `str.translate` (once per process)."""
    return {code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))}


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    if not folded.isascii():
        folded = folded.translate(_combining_marks())
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
    return _signatures([np.fromiter(items, dtype=np.uint64, count=len(items))])[0]


def _signatures(sets: Sequence[np.ndarray]) -> np.ndarray:
    """The signatures of non-empty shingle sets, one row each, in few numpy operations."""
    out = np.empty((len(sets), PERMUTATIONS), dtype=np.uint64)
    for start in range(0, len(sets), _SIGNATURE_BATCH):
        part = sets[start : start + _SIGNATURE_BATCH]
        values = np.concatenate(part).astype(np.uint64)
        # (a * x + b) mod p, in 64-bit arithmetic that wraps: still a good mixing of x,
        # and the same on every machine.
        hashed = (values[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
        offsets = np.cumsum([0] + [len(items) for items in part[:-1]])
        out[start : start + len(part)] = np.minimum.reduceat(hashed, offsets, axis=0)
    return out


def _band_hashes(signatures: np.ndarray) -> np.ndarray:
    """One 32-bit hash per band of each signature (rows by BANDS): two texts share a
    band's bucket when the band's values are equal (a collision only costs a check)."""
    bands = signatures.reshape(len(signatures), BANDS, ROWS)
    mixed = (bands * _BAND_MIX[None, None, :]).sum(axis=2, dtype=np.uint64)
    return (mixed >> np.uint64(32)).astype(np.uint32)


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
    batches = (texts[i : i + STREAM_BATCH] for i in range(0, len(texts), STREAM_BATCH))
    return groups_find_streamed(batches, lambda indices: [texts[i] for i in indices])


def groups_find_streamed(
    batches: Iterable[Sequence[str]], fetch: Callable[[list[int]], list[str]]
) -> list[Group]:
    """`groups_find` over texts read once in batches (in a fixed order), holding per
    text only fixed-size numbers: 8 bytes of its key and a hash per band. The texts of
    the few that share a band with another are read again through `fetch` (their
    indices in, their texts out) for the similarity check, and so is each group's
    most common text."""
    keys_parts: list[np.ndarray] = []
    bands_parts: list[np.ndarray] = []
    empty_parts: list[np.ndarray] = []
    for batch in batches:
        forms = [normalise(text) for text in batch]
        keys_parts.append(
            np.array(
                [int.from_bytes(hashlib.sha256(f.encode()).digest()[:8]) for f in forms],
                dtype=np.uint64,
            )
        )
        sets = [shingles(form) for form in forms]
        filled = [i for i, items in enumerate(sets) if items]
        bands = np.zeros((len(batch), BANDS), dtype=np.uint32)
        if filled:
            arrays = [np.fromiter(sets[i], dtype=np.uint64, count=len(sets[i])) for i in filled]
            bands[filled] = _band_hashes(_signatures(arrays))
        bands_parts.append(bands)
        empty_parts.append(np.array([not items for items in sets], dtype=bool))
    if not keys_parts:
        return []
    keys = np.concatenate(keys_parts)
    band_table = np.concatenate(bands_parts)
    empty = np.concatenate(empty_parts)
    del keys_parts, bands_parts, empty_parts

    # Exact copies: one class per key; the first text of each class stands for it.
    _unique, first, key_of = np.unique(keys, return_index=True, return_inverse=True)
    key_of = key_of.ravel()
    distinct = np.sort(first[~empty[first]])

    # Near copies: in each band, texts with the same band hash meet in a bucket; each
    # is checked against the bucket's first (lowest) text, which is enough to join a
    # bucket into one component without comparing every pair.
    def buckets(band: int) -> tuple[np.ndarray, np.ndarray]:
        """The distinct texts in bucket order for `band`, and each one's bucket head."""
        column = band_table[distinct, band]
        order = np.lexsort((distinct, column))
        values, rows = column[order], distinct[order]
        starts = np.r_[True, values[1:] != values[:-1]]
        return rows, rows[np.flatnonzero(starts)][np.cumsum(starts) - 1]

    # Candidates: the texts that share a bucket with another in some band.
    shared = np.zeros(len(keys), dtype=bool)
    for band in range(BANDS):
        rows, heads = buckets(band)
        paired = heads != rows
        shared[rows[paired]] = True
        shared[heads[paired]] = True
    candidates = np.flatnonzero(shared)
    del shared

    # The shingles of every candidate, read again: one flat array per batch read.
    flats: list[np.ndarray] = []
    bounds: list[np.ndarray] = []
    for start in range(0, len(candidates), STREAM_BATCH):
        indices = candidates[start : start + STREAM_BATCH].tolist()
        items = [np.array(sorted(shingles(normalise(text))), np.uint32) for text in fetch(indices)]
        flats.append(np.concatenate(items))
        bounds.append(np.cumsum([0] + [len(one) for one in items]))

    def shingles_of(i: int) -> np.ndarray:
        batch, at = divmod(int(np.searchsorted(candidates, i)), STREAM_BATCH)
        return flats[batch][bounds[batch][at] : bounds[batch][at + 1]]

    # Band by band, each pair (bucket head, member) not yet in one component is
    # checked; pairs are never all held at once.
    found = _UnionFind(len(first))
    for band in range(BANDS):
        rows, heads = buckets(band)
        paired = np.flatnonzero(heads != rows)
        for start in range(0, len(paired), _PAIRS_BATCH):
            chunk = paired[start : start + _PAIRS_BATCH]
            for a, b, ka, kb in zip(
                heads[chunk].tolist(),
                rows[chunk].tolist(),
                key_of[heads[chunk]].tolist(),
                key_of[rows[chunk]].tolist(),
                strict=True,
            ):
                if found.find(ka) == found.find(kb):
                    continue
                if _jaccard(shingles_of(a), shingles_of(b)) >= NEAR_JACCARD:
                    found.union(ka, kb)
    flats.clear()
    bounds.clear()

    roots = np.array([found.find(k) for k in range(len(first))], dtype=np.int64)
    component = roots[key_of]
    order = np.argsort(component, kind="stable")
    sorted_components = component[order]
    starts = np.flatnonzero(np.r_[True, sorted_components[1:] != sorted_components[:-1]])
    ends = np.r_[starts[1:], len(order)]
    groups_at: list[tuple[list[int], int]] = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start < 2:
            continue
        members = order[start:end].tolist()  # ascending: the sort is stable
        # The most common text; between equals, the one met first.
        counts = Counter(int(key_of[i]) for i in members)
        common_key = counts.most_common(1)[0][0]
        common = next(i for i in members if int(key_of[i]) == common_key)
        groups_at.append((members, common))
    commons = [common for _members, common in groups_at]
    texts_of = dict(zip(commons, fetch(commons), strict=True)) if commons else {}
    groups = [
        Group(members=members, key=text_key(texts_of[common]), common_index=common)
        for members, common in groups_at
    ]
    groups.sort(key=lambda group: (-len(group.members), group.members[0]))
    return groups


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct shingles."""
    both = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - both
    return both / union if union else 0.0


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
