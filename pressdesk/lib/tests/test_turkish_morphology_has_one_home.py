"""Watch terms and the archive search share one Turkish suffix table and check (pressdesk.lib.turkish)."""

from pressdesk.lib import turkish
from pressdesk.monitoring import fulltext, matching


def test_matching_and_fulltext_use_the_shared_suffix_check() -> None:
    assert matching.is_suffix_chain is turkish.is_suffix_chain
    assert fulltext.is_suffix_chain is turkish.is_suffix_chain
    for module in (matching, fulltext):
        assert not [name for name in vars(module) if "SLOTS" in name or name in ("_is_chain", "_is_suffix_chain")]


def test_suffix_chain_follows_slot_order_and_refuses_a_bare_n_or_m() -> None:
    assert turkish.is_suffix_chain("lerimizdeki")
    assert turkish.is_suffix_chain("sinde")
    assert turkish.is_suffix_chain("mde")
    assert not turkish.is_suffix_chain("n")
    assert not turkish.is_suffix_chain("m")
    assert not turkish.is_suffix_chain("deler")


def test_vowel_drop_stem_comes_from_the_lexicon() -> None:
    assert turkish.vowel_drop_stem("agiz") == "agz"
    assert turkish.vowel_drop_stem("sehir") == "sehr"
    assert turkish.vowel_drop_stem("kayip") == "kayb"
    assert turkish.vowel_drop_stem("komur") is None


def test_normalize_text_drops_soft_hyphens_and_unifies_apostrophes() -> None:
    assert turkish.normalize_text("Has\u00adtane\u02bcde") == "Hastane\u2019de"
    plain = "Kocaeli'de"
    assert turkish.normalize_text(plain) is plain


def test_ascii_fold_reads_every_apostrophe_as_one() -> None:
    assert turkish.ascii_fold("Kocaeli\u02bcnde") == turkish.ascii_fold("Kocaeli\u2019nde") == "kocaeli'nde"
    assert turkish.ascii_fold("Sağ\u00adlık") == "saglik"
