"""A known text's MinHash signature is pinned: a change of the tokeniser, the folding, the hashing or the
datasketch permutations would make every stored signature incomparable with new ones, so it must be caught."""

import numpy as np

from pressdesk.monitoring import clustering

TEXT = (
    "Kocaeli İl Sağlık Müdürlüğü, şehir hastanesinin acil servisinde nöbetçi hekim sayısının artırıldığını "
    "ve ağız ve diş sağlığı merkezinin Çarşamba günü hizmete açılacağını duyurdu."
)


def _values(signature: bytes) -> list[int]:
    return [int(value) for value in np.frombuffer(signature, dtype="<u4")]


def test_the_signature_of_a_known_turkish_text_has_the_pinned_values() -> None:
    values = _values(clustering.signature(TEXT))
    assert len(values) == clustering.NUM_PERM == 128
    assert values[:8] == [653434878, 186599181, 38004328, 6295449, 122390336, 245164774, 521389712, 98930451]


def test_the_signature_of_a_short_text_from_its_title_has_the_pinned_values() -> None:
    values = _values(clustering.signature("", "Aşı kampanyası başladı"))
    assert values[:4] == [930224656, 2289832565, 809408469, 1986629326]
