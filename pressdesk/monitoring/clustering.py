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

from pressdesk.lib.chunks import ChunkCache
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
# Each distinct word is folded and hashed once (CRC-32 of its folded UTF-8, cached), and a
# shingle's hash is computed from its three word hashes in numpy (see ``_shingle_hashes``):
# no string per shingle. The affine permutations on top make the family universal.
# Changing any of this changes stored signatures (migration 0007 recomputed the recent ones).
_HASH = zlib.crc32
# The MinHash over already-hashed elements: datasketch applies ``hashfunc`` to each element,
# here the identity, since the elements are the 32-bit shingle hashes.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=int)


def _words(text: str) -> list[str]:
    return list(map(fold_word, _WORD_RE.findall(text)))


def _chunk_hashes(chunk: str) -> tuple[int, ...]:
    return tuple(_HASH(fold_word(word).encode()) for word in _WORD_RE.findall(chunk))


# The CRC-32 of each folded word of a text, in order: the words of ``_words(text)``, each
# whitespace-separated chunk tokenised, folded and hashed once per process.
_word_hashes = ChunkCache(_chunk_hashes).words


# Odd multipliers: the shingle (a, b, c) hashes to a·M1 + b·M2 + c (mod 2³²), then goes
# through the MurmurHash3 finaliser with every other element; word order matters.
_M1, _M2 = np.uint32(0x9E3779B1), np.uint32(0x85EBCA77)


def _shingle_hashes(word_hashes: np.ndarray) -> np.ndarray:
    """Hashes of the SHINGLE_SIZE (3) word shingles, from the words' hashes."""
    combined: np.ndarray = word_hashes[:-2] * _M1 + word_hashes[1:-1] * _M2 + word_hashes[2:]
    return combined


def shingle_hash(first: int, second: int, third: int) -> int:
    """``_shingle_hashes`` for one shingle, in plain integers (for tests and tools)."""
    return (first * int(_M1) + second * int(_M2) + third) & 0xFFFFFFFF


# The affine32 permutations of the template, used directly: the same values as
# ``MinHash.update_batch`` (MurmurHash3 finaliser, then a·h + b in uint32) without
# building a MinHash object per text.
_A, _B = (part.astype(np.uint32) for part in _TEMPLATE.permutations)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _hashvalues(hv: np.ndarray) -> np.ndarray:
    """The MinHash values of the elements whose 32-bit hashes are ``hv`` (a uint32 array)."""
    hv = hv.reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    permuted = hv * _A
    permuted += _B  # in place: one (elements × NUM_PERM) array, not two
    values: np.ndarray = permuted.min(axis=0)
    return values


def _minhash(element_hashes: list[int]) -> MinHash:
    """The datasketch MinHash of elements with these hashes (kept to check that ``_hashvalues`` agrees)."""
    minhash = _TEMPLATE.copy()
    minhash.update_batch(element_hashes)
    return minhash


def title_hash(key: str) -> int:
    """The one element of a short text's set: its folded title (a prefix keeps it apart from any shingle)."""
    return _HASH(b"\x00title:" + key.encode())


def signature(text: str, title: str = "") -> bytes:
    """The MinHash signature of ``text`` as bytes (``b""`` when there is nothing to compare).

    ``title`` is used only when ``text`` is too short (see the module docstring).
    """
    hashes = _word_hashes(text or "")
    if len(hashes) >= MIN_WORDS:
        # A repeated shingle is hashed twice: the minimum, and so the signature, is the
        # same as over the distinct shingles, and a set costs more.
        values = _hashvalues(_shingle_hashes(np.array(hashes, dtype=np.uint32)))
    else:
        key = " ".join(_words(title or "")) or " ".join(_words(text or ""))
        if not key:
            return b""
        values = _hashvalues(np.array([title_hash(key)], dtype=np.uint32))
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
        # Slice objects made once: a signature's bands are cut by ``map`` in C, not a Python loop.
        self._slices = [slice(band * width, (band + 1) * width) for band in range(bands)]
        # band bytes → the key (an int) or, once two signatures share the band, a list of keys.
        # Most bands hold one key: a bare int is no object for the garbage collector to
        # track (a list per band made every full collection walk 25 lists per indexed item).
        self._tables: list[dict[bytes, int | list[int]]] = [{} for _ in range(bands)]
        self._keys: dict[int, bytes] = {}

    def __contains__(self, key: int) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    @staticmethod
    def _check(sig: bytes) -> None:
        if len(sig) != NUM_PERM * _DTYPE.itemsize:
            raise ValueError(f"a signature holds {NUM_PERM} values, this one {len(sig) / _DTYPE.itemsize:g}")

    def _bands_of(self, sig: bytes) -> map[bytes]:
        return map(sig.__getitem__, self._slices)

    def add(self, key: int, sig: bytes) -> bool:
        """Index ``sig`` under ``key``; empty signatures and known keys are skipped (returns False)."""
        if not sig or key in self._keys:
            return False
        self._check(sig)
        self._keys[key] = sig
        for table, band in zip(self._tables, self._bands_of(sig), strict=True):
            keys = table.get(band)
            if keys is None:
                table[band] = key
            elif isinstance(keys, int):
                table[band] = [keys, key]
            else:
                keys.append(key)
        return True

    def query(self, sig: bytes) -> list[int]:
        """Keys of indexed signatures likely similar to ``sig`` (sorted; empty for ``b""``)."""
        if not sig:
            return []
        self._check(sig)
        found: set[int] = set()
        for keys in map(dict.get, self._tables, self._bands_of(sig)):
            if keys is None:
                continue
            if isinstance(keys, int):
                found.add(keys)
            else:
                found.update(keys)
        return sorted(found)

    def remove(self, key: int) -> None:
        """Forget ``key``; unknown keys are ignored."""
        sig = self._keys.pop(key, None)
        if sig is None:
            return
        for table, band in zip(self._tables, self._bands_of(sig), strict=True):
            keys = table.get(band)
            if keys is None:
                continue
            if isinstance(keys, int):
                if keys == key:
                    del table[band]
            elif key in keys:
                keys.remove(key)
                if len(keys) == 1:
                    table[band] = keys[0]
