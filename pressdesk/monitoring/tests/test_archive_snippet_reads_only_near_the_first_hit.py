"""The archive snippet looks for search hits only near the first one: the same snippet, less of the text read."""

import random

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.views import SNIPPET_CHARS, _archive_snippet

WORDS = ["hastane", "hastanesinde", "acil", "servis", "ambulans", "Kocaeli", "il", "sağlık", "müdürlüğü", "bugün"]


def test_snippet_is_the_same_as_with_every_hit():
    rng = random.Random(7)
    tokens = fulltext.parse("hastane* acil").positive_tokens()
    for _ in range(200):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 400)))
        every = fulltext.highlight_hits(text, tokens, "text")
        near = fulltext.highlight_hits(text, tokens, "text", within=SNIPPET_CHARS)
        assert near == [hit for hit in every if hit.start <= every[0].start + SNIPPET_CHARS]
        assert _archive_snippet(text, near, []) == _archive_snippet(text, every, [])


def test_long_text_is_not_scanned_past_the_snippet():
    tokens = fulltext.parse("hastane").positive_tokens()
    text = "hastane " + "başka kelime " * 5000 + "hastane"
    assert len(fulltext.highlight_hits(text, tokens, "text")) == 2
    assert len(fulltext.highlight_hits(text, tokens, "text", within=SNIPPET_CHARS)) == 1
