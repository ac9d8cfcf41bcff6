"""The direct MinHash arithmetic and the banded index give datasketch's results (stored signatures stay valid)."""

import random
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from pressdesk.monitoring import clustering

WORDS = [
    "il",
    "sağlık",
    "müdürlüğü",
    "kocaeli",
    "şehir",
    "hastanesi",
    "acil",
    "servis",
    "112",
    "ambulans",
    "aşı",
    "kampanyası",
    "nöbetçi",
    "eczane",
]


def _text(rng: random.Random, size: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(size))


def test_signature_equals_datasketch_minhash() -> None:
    rng = random.Random(5)
    for size in (12, 40, 300):
        text = _text(rng, size)
        # Each folded word's CRC-32, each shingle's hash from its three words, in plain integers.
        words = [zlib.crc32(word.encode()) for word in clustering._words(text)]
        shingles = {clustering.shingle_hash(*words[i : i + 3]) for i in range(len(words) - 2)}
        expected = clustering._minhash(sorted(shingles)).hashvalues
        assert clustering.signature(text) == expected.astype("<u4").tobytes()
    short = clustering._minhash([zlib.crc32(b"\x00title:" + b"kisa baslik")]).hashvalues
    assert clustering.signature("Kısa", title="KISA BAŞLIK") == short.astype("<u4").tobytes()


def test_word_order_matters() -> None:
    forward = clustering.signature(" ".join(WORDS))
    backward = clustering.signature(" ".join(reversed(WORDS)))
    assert clustering.similarity(forward, backward) < 0.2


def test_index_returns_what_minhash_lsh_returns() -> None:
    rng = random.Random(9)
    base = [_text(rng, 60) for _ in range(8)]
    texts = [" ".join([*doc.split()[rng.randint(0, 20) :], _text(rng, rng.randint(0, 30))]) for doc in base * 6]
    lsh = MinHashLSH(threshold=clustering.THRESHOLD, num_perm=clustering.NUM_PERM)
    index = clustering.StoryIndex()
    for key, text in enumerate(texts):
        sig = clustering.signature(text)
        values = np.frombuffer(sig, dtype="<u4").astype(np.uint32)
        minhash = MinHash(num_perm=clustering.NUM_PERM, hashvalues=values, scheme="affine32")
        assert index.query(sig) == sorted(lsh.query(minhash))
        index.add(key, sig)
        lsh.insert(key, minhash)
    assert len(index) == len(texts)
