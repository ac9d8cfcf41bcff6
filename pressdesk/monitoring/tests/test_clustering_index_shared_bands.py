"""Signatures that share bands: the index finds, keeps and forgets each key on its own."""

import gc

from pressdesk.monitoring.clustering import StoryIndex, signature

TEXT = (
    "İl Sağlık Müdürlüğü, Kocaeli genelinde aile hekimliği birimlerinin hafta sonu da açık olacağını açıkladı. "
    "Vatandaşlar en yakın birimi e-Nabız üzerinden öğrenebilecek."
)
OTHER = "Derince'de yeni bir semt polikliniği hizmete girdi; poliklinik hafta içi 08.00-17.00 arası açık."


def test_three_keys_on_one_signature_then_removed_one_by_one():
    index = StoryIndex()
    sig = signature(TEXT)
    for key in (1, 2, 3):
        assert index.add(key, sig)
    assert index.query(sig) == [1, 2, 3]
    index.remove(2)
    assert index.query(sig) == [1, 3]
    index.remove(1)
    assert index.query(sig) == [3]
    index.add(4, sig)
    assert index.query(sig) == [3, 4]
    index.remove(3)
    index.remove(4)
    assert index.query(sig) == []
    assert all(not table for table in index._tables)


def test_near_copy_shares_some_bands_only():
    index = StoryIndex()
    index.add(1, signature(TEXT))
    index.add(2, signature(TEXT + " Kaynak: AA"))
    index.add(3, signature(OTHER))
    assert index.query(signature(TEXT)) == [1, 2]
    index.remove(1)
    assert index.query(signature(TEXT)) == [2]
    assert index.query(signature(OTHER)) == [3]


def test_single_key_buckets_give_the_collector_nothing_to_track():
    index = StoryIndex()
    index.add(1, signature(TEXT))
    index.add(2, signature(OTHER))
    for table in index._tables:
        for keys in table.values():
            assert isinstance(keys, int)
            assert not gc.is_tracked(keys)
