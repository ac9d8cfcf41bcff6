"""Per-word values of a text, computed once per distinct whitespace-separated chunk.

Ingest tokenises every text twice (watch-term matching and story signatures) with word
patterns that never span whitespace. Cutting the text with ``str.split`` (C) and looking
each chunk (``"(Hastanesi'nde,"``) up in a cache gives the same words, in order, as running
the pattern over the whole text, and runs the pattern only on chunks not seen before.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Generic, TypeVar

__all__ = ["ChunkCache"]

T = TypeVar("T")


class ChunkCache(Generic[T]):
    """``words(text)``: the flattened values ``compute(chunk)`` of each chunk of ``text``."""

    def __init__(self, compute: Callable[[str], tuple[T, ...]], limit: int = 200_000) -> None:
        self._compute = compute
        self._limit = limit
        self._cache: dict[str, tuple[T, ...]] = {}

    def _miss(self, chunk: str) -> tuple[T, ...]:
        value = self._cache.get(chunk)  # a new chunk met twice in one text is computed once
        if value is None:
            value = self._compute(chunk)
            if len(self._cache) >= self._limit:
                self._cache.clear()
            self._cache[chunk] = value
        return value

    def words(self, text: str) -> list[T]:
        chunks = text.split()
        parts = list(map(self._cache.get, chunks))  # most chunks were seen before
        if None in parts:
            # A text has one or two new chunks, if any: find them in C instead of a Python
            # loop over every chunk.
            index = parts.index(None)
            try:
                while True:
                    parts[index] = self._miss(chunks[index])
                    index = parts.index(None, index + 1)
            except ValueError:
                pass
        return list(chain.from_iterable(parts))  # type: ignore[arg-type]
