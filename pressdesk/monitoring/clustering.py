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
* :class:`StoryIndex` wraps ``datasketch.MinHashLSH`` (threshold ≈ 0.5): ``query``
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
from datasketch import MinHash, MinHashLSH

from pressdesk.lib.turkish import ascii_fold

__all__ = ["MIN_WORDS", "NUM_PERM", "SHINGLE_SIZE", "StoryIndex", "signature", "similarity"]

NUM_PERM = 128
SHINGLE_SIZE = 3
#: Texts with fewer words than this are compared by their title instead.
MIN_WORDS = 12
THRESHOLD = 0.5
_SEED = 1
_DTYPE = np.dtype("<u4")
# Words of the original text (combining marks included, so a decomposed "İ" stays in
# its word); apostrophes split "Hastanesi'nde" into "Hastanesi" and "nde".
_WORD_RE = re.compile(r"[\w\u0300-\u036f]+")
# News vocabulary repeats a lot: folding each distinct word once is much cheaper than
# folding whole texts.
_fold_word = lru_cache(maxsize=200_000)(ascii_fold)

# Building the permutations is the costly part of a MinHash; do it once and copy.
# The scheme is pinned so that stored signatures stay comparable across datasketch upgrades.
_SCHEME = "affine32"
# Shingles are hashed with CRC-32 (C code, one call per shingle) rather than datasketch's
# default SHA-1 wrapper: three times faster for the same 32-bit spread, and the affine
# permutations on top make the family universal. Changing it changes stored signatures.
_HASH = zlib.crc32
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=_HASH)


def _words(text: str) -> list[str]:
    return [_fold_word(word) for word in _WORD_RE.findall(text)]


def _minhash(elements: list[bytes]) -> MinHash:
    minhash = _TEMPLATE.copy()
    minhash.update_batch(elements)
    return minhash


def signature(text: str, title: str = "") -> bytes:
    """The MinHash signature of ``text`` as bytes (``b""`` when there is nothing to compare).

    ``title`` is used only when ``text`` is too short (see the module docstring).
    """
    words = _words(text or "")
    if len(words) >= MIN_WORDS:
        shingles = {" ".join(words[i : i + SHINGLE_SIZE]) for i in range(len(words) - SHINGLE_SIZE + 1)}
        minhash = _minhash([shingle.encode() for shingle in shingles])
    else:
        key = " ".join(_words(title or "")) or " ".join(words)
        if not key:
            return b""
        # A prefix keeps a one-element "title" set apart from any real shingle.
        minhash = _minhash([b"\x00title:" + key.encode()])
    return minhash.hashvalues.astype(_DTYPE).tobytes()


def _from_bytes(sig: bytes) -> MinHash | None:
    if not sig:
        return None
    values = np.frombuffer(sig, dtype=_DTYPE)
    if values.size != NUM_PERM:
        raise ValueError(f"a signature holds {NUM_PERM} values, this one {values.size}")
    return MinHash(
        num_perm=NUM_PERM,
        seed=_SEED,
        hashvalues=values.astype(_TEMPLATE.hashvalues.dtype),
        permutations=_TEMPLATE.permutations,
        scheme=_SCHEME,
        hashfunc=_HASH,
    )


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 if either is empty)."""
    if not sig_a or not sig_b:
        return 0.0
    a = np.frombuffer(sig_a, dtype=_DTYPE)
    b = np.frombuffer(sig_b, dtype=_DTYPE)
    if a.size != b.size:
        raise ValueError("signatures of different sizes")
    return float(np.count_nonzero(a == b)) / a.size


class StoryIndex:
    """An in-memory LSH index of story signatures, keyed by an integer (e.g. the item id)."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if num_perm != NUM_PERM:
            raise ValueError(f"signatures are made with {NUM_PERM} permutations")
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)

    def __contains__(self, key: int) -> bool:
        return key in self._lsh

    def __len__(self) -> int:
        return len(self._lsh.keys)

    def add(self, key: int, sig: bytes) -> bool:
        """Index ``sig`` under ``key``; empty signatures and known keys are skipped (returns False)."""
        minhash = _from_bytes(sig)
        if minhash is None or key in self._lsh:
            return False
        self._lsh.insert(key, minhash, check_duplication=False)
        return True

    def query(self, sig: bytes) -> list[int]:
        """Keys of indexed signatures likely similar to ``sig`` (sorted; empty for ``b""``)."""
        minhash = _from_bytes(sig)
        if minhash is None:
            return []
        return sorted(self._lsh.query(minhash))

    def remove(self, key: int) -> None:
        """Forget ``key``; unknown keys are ignored."""
        if key in self._lsh:
            self._lsh.remove(key)
