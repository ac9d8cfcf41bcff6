"""ChunkCache gives the words a pattern finds in the whole text, computing each chunk once."""

import random
import re

from pressdesk.lib.chunks import ChunkCache

WORD_RE = re.compile(r"[\w\u0300-\u036f]+(?:['’][\w\u0300-\u036f]+)*")
PIECES = ["Hastanesi'nde", "(İl", "Sağlık,", "e-Nabız", "112'yi", "—", " ", "\n", "\t", "\u00a0", "\u2003", "."]


def test_words_are_those_of_the_whole_text() -> None:
    rng = random.Random(3)
    cache = ChunkCache(lambda chunk: tuple(WORD_RE.findall(chunk)))
    for _ in range(500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        assert cache.words(text) == WORD_RE.findall(text)


def test_each_chunk_is_computed_once_and_the_cache_is_bounded() -> None:
    seen: list[str] = []

    def compute(chunk: str) -> tuple[str, ...]:
        seen.append(chunk)
        return (chunk.lower(),)

    cache = ChunkCache(compute, limit=2)
    assert cache.words("A B A") == ["a", "b", "a"]
    assert seen == ["A", "B"]
    assert cache.words("C D") == ["c", "d"]  # the full cache was emptied, not grown
    assert len(cache._cache) <= 2
