"""Group copies of the same story across outlets: MinHash signatures and an LSH index.

Agency copy is republished by dozens of local sites with light edits (a changed
title, reordered sentences, a local sentence added, each site's boilerplate).  Such
copies share most of their three-word sequences, so their MinHash signatures agree
on most positions while two different stories about the same hospital do not.

* Text is folded with :func:`pressdesk.lib.turkish.ascii_fold` (case, Turkish
  letters and accents do not matter) and cut into overlapping word shingles of
  :data:`SHINGLE_SIZE` words.
* :func:`signature` returns the :data:`NUM_PERM` MinHash values as little-endian
  ``uint32`` bytes (512 bytes): small enough for a ``BinaryField`` and independent of
  the process that computed it (the permutations come from a fixed seed).
* :class:`StoryIndex` bands signatures like ``datasketch.MinHashLSH`` (threshold ≈ 0.5): ``query``
  returns the keys of stored signatures whose estimated Jaccard similarity is likely
  above the threshold.  It lives in memory; rebuild it from the stored signatures of
  recent items (say the last few days) when a worker starts.

Short texts: a text with fewer than :data:`MIN_WORDS` words has too few shingles to
compare reliably (a single changed word would change every shingle).  For those the
signature is the MinHash of one element, the folded title (or the folded text when
there is no title): two short items then land together exactly when their titles are
equal after folding, and never with a long item.  An item with neither text nor title
has the empty signature ``b""``, which is never added to the index and matches nothing.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from pressdesk.lib.turkish import fold_word

__all__ = ["MIN_WORDS", "NUM_PERM", "SHINGLE_SIZE", "StoryIndex", "signature", "similarity"]

NUM_PERM = 128
SHINGLE_SIZE = 3  # written out in ``signature``
#: Texts with fewer words than this are compared by their title instead.
MIN_WORDS = 12
THRESHOLD = 0.5
_SEED = 1
_DTYPE = np.dtype("<u4")
# Words of the original text (combining marks included, so a decomposed "İ" stays in
# its word); apostrophes split "Hastanesi'nde" into "Hastanesi" and "nde".
_WORD_RE = re.compile(r"[\w\u0300-\u036f]+")

# Building the permutations is the costly part of a MinHash; do it once and copy.
# The scheme is pinned so that stored signatures stay comparable across datasketch upgrades.
_SCHEME = "affine32"
# Shingles are hashed with CRC-32 (C code, one call per shingle) rather than datasketch's
# default SHA-1 wrapper: three times faster for the same 32-bit spread, and the affine
# permutations on top make the family universal. Changing it changes stored signatures.
_HASH = zlib.crc32
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=_HASH)


def _words(text: str) -> list[str]:
    return list(map(fold_word, _WORD_RE.findall(text)))


# The affine32 permutations of the template, used directly: the same values as
# ``MinHash.update_batch`` (MurmurHash3 finaliser, then a·h + b in uint32) without
# building a MinHash object per text.
_A, _B = (part.astype(np.uint32) for part in _TEMPLATE.permutations)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _hashvalues(elements: list[bytes]) -> np.ndarray:
    hv = np.fromiter(map(_HASH, elements), dtype=np.uint32, count=len(elements)).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    values: np.ndarray = (hv * _A + _B).min(axis=0)
    return values


def _minhash(elements: list[bytes]) -> MinHash:
    """The datasketch MinHash of ``elements`` (kept to check that ``_hashvalues`` agrees)."""
    minhash = _TEMPLATE.copy()
    minhash.update_batch(elements)
    return minhash


def signature(text: str, title: str = "") -> bytes:
    """The MinHash signature of ``text`` as bytes (``b""`` when there is nothing to compare).

    ``title`` is used only when ``text`` is too short (see the module docstring).
    """
    words = _words(text or "")
    if len(words) >= MIN_WORDS:
        # SHINGLE_SIZE (3) consecutive words. A repeated shingle is hashed twice: the minimum,
        # and so the signature, is the same as over the distinct shingles, and a set costs more.
        shingles = [f"{a} {b} {c}".encode() for a, b, c in zip(words, words[1:], words[2:], strict=False)]
        values = _hashvalues(shingles)
    else:
        key = " ".join(_words(title or "")) or " ".join(words)
        if not key:
            return b""
        # A prefix keeps a one-element "title" set apart from any real shingle.
        values = _hashvalues([b"\x00title:" + key.encode()])
    return values.astype(_DTYPE).tobytes()


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 if either is empty)."""
    if not sig_a or not sig_b:
        return 0.0
    a = np.frombuffer(sig_a, dtype=_DTYPE)
    b = np.frombuffer(sig_b, dtype=_DTYPE)
    if a.size != b.size:
        raise ValueError("signatures of different sizes")
    return float(np.count_nonzero(a == b)) / a.size


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows) for the threshold: an integration that takes ~20 ms, so once per process."""
    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(bands), int(rows)


class StoryIndex:
    """An in-memory LSH index of story signatures, keyed by an integer (e.g. the item id).

    Banding as in ``datasketch.MinHashLSH`` (the same ``b`` bands of ``r`` values,
    chosen by its ``_optimal_param`` for the threshold), but on the signature bytes
    themselves: a band's key is its slice of the stored bytes, so adding and
    querying build no MinHash objects.  Two signatures are candidates when any
    band is equal, exactly as in datasketch.
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if num_perm != NUM_PERM:
            raise ValueError(f"signatures are made with {NUM_PERM} permutations")
        bands, rows = _bands(threshold, num_perm)
        width = rows * _DTYPE.itemsize
        self._ranges = [(band * width, (band + 1) * width) for band in range(bands)]
        self._tables: list[dict[bytes, set[int]]] = [{} for _ in range(bands)]
        self._keys: dict[int, bytes] = {}

    def __contains__(self, key: int) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    @staticmethod
    def _check(sig: bytes) -> None:
        if len(sig) != NUM_PERM * _DTYPE.itemsize:
            raise ValueError(f"a signature holds {NUM_PERM} values, this one {len(sig) / _DTYPE.itemsize:g}")

    def add(self, key: int, sig: bytes) -> bool:
        """Index ``sig`` under ``key``; empty signatures and known keys are skipped (returns False)."""
        if not sig or key in self._keys:
            return False
        self._check(sig)
        self._keys[key] = sig
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            table.setdefault(sig[start:end], set()).add(key)
        return True

    def query(self, sig: bytes) -> list[int]:
        """Keys of indexed signatures likely similar to ``sig`` (sorted; empty for ``b""``)."""
        if not sig:
            return []
        self._check(sig)
        found: set[int] = set()
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            keys = table.get(sig[start:end])
            if keys:
                found |= keys
        return sorted(found)

    def remove(self, key: int) -> None:
        """Forget ``key``; unknown keys are ignored."""
        sig = self._keys.pop(key, None)
        if sig is None:
            return
        for (start, end), table in zip(self._ranges, self._tables, strict=True):
            band = sig[start:end]
            keys = table.get(band)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del table[band]
