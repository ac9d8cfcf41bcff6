"""Signatures are small, stable bytes; the index adds, queries and removes by key."""

import pytest

from pressdesk.monitoring.clustering import NUM_PERM, StoryIndex, signature

TEXT = (
    "İl Sağlık Müdürlüğü, Kocaeli genelinde aile hekimliği birimlerinin hafta sonu da açık olacağını açıkladı. "
    "Vatandaşlar en yakın birimi e-Nabız üzerinden öğrenebilecek."
)


def test_signature_is_128_uint32_values():
    sig = signature(TEXT)
    assert isinstance(sig, bytes)
    assert len(sig) == NUM_PERM * 4


def test_signature_is_deterministic():
    assert signature(TEXT) == signature(TEXT)


def test_add_query_remove():
    index = StoryIndex()
    sig = signature(TEXT)
    assert index.add(5, sig)
    assert index.add(5, sig) is False  # known key
    assert 5 in index
    assert index.query(sig) == [5]
    index.remove(5)
    index.remove(5)  # unknown keys are ignored
    assert index.query(sig) == []
    assert len(index) == 0


def test_bad_signature_is_refused():
    with pytest.raises(ValueError):
        StoryIndex().query(b"\x00" * 12)
    with pytest.raises(ValueError):
        StoryIndex(num_perm=64)
