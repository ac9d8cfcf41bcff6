"""Stand-ins for the matcher and story index, so ingest tests do not depend on their tuning."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from pressdesk.lib import turkish
from pressdesk.monitoring.ingest import Engines


@dataclass
class StubHit:
    field: str
    start: int
    end: int
    term: str


class StubMatcher:
    """Matches a term whose query is a plain word occurring in the title or text (Turkish case-insensitive)."""

    def __init__(self, terms: Sequence[tuple[int, str]]) -> None:
        self.terms = [(term_id, turkish.casefold(query)) for term_id, query in terms]

    def match(self, title: str, text: str, site: str) -> dict[int, list[StubHit]]:
        found: dict[int, list[StubHit]] = {}
        for term_id, word in self.terms:
            for field, value in (("title", title), ("text", text)):
                at = turkish.casefold(value).find(word)
                if at >= 0:
                    found.setdefault(term_id, []).append(StubHit(field, at, at + len(word), value[at : at + len(word)]))
        return found


class StubIndex:
    """Near-duplicates = same signature."""

    def __init__(self) -> None:
        self.keys: dict[bytes, list[int]] = {}

    def add(self, key: int, sig: bytes) -> bool:
        self.keys.setdefault(sig, []).append(key)
        return True

    def query(self, sig: bytes) -> list[int]:
        return list(self.keys.get(sig, []))


def stub_signature(text: str) -> bytes:
    """The same text (ignoring the first line, the title) gives the same signature."""
    body = text.split("\n", 1)[-1]
    return hashlib.sha256(turkish.casefold(body).encode()).digest()


def stub_matcher_factory(terms: Sequence[tuple[int, str]]) -> StubMatcher | None:
    return StubMatcher(terms) if terms else None


STUB_ENGINES = Engines(matcher_factory=stub_matcher_factory, index_factory=StubIndex, signature=stub_signature)
