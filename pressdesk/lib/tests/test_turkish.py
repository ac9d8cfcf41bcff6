import pytest

from pressdesk.lib import turkish


def test_upper_maps_dotted_and_dotless_i():
    assert turkish.upper("Işık") == "IŞIK"
    assert turkish.upper("İnce") == "İNCE"
    assert turkish.upper("istanbul ılıca") == "İSTANBUL ILICA"


def test_lower_maps_capital_i_to_dotless():
    assert turkish.lower("IŞIK") == "ışık"
    assert turkish.lower("İL SAĞLIK MÜDÜRLÜĞÜ") == "il sağlık müdürlüğü"
    assert "\u0307" not in turkish.lower("İZMİT")


def test_title_case_follows_turkish_rules():
    assert turkish.title("istanbul il sağlık müdürlüğü") == "İstanbul İl Sağlık Müdürlüğü"


def test_ascii_fold_matches_text_typed_without_turkish_letters():
    assert turkish.ascii_fold("İL SAĞLIK MÜDÜRLÜĞÜ") == turkish.ascii_fold("Il Saglik Mudurlugu")
    assert turkish.ascii_fold("Şehir Hastanesi'nde") == "sehir hastanesi'nde"


def test_sort_key_orders_names_in_turkish_alphabetical_order():
    names = ["Zeynep", "Çelik", "Cem", "İnce", "Işık", "Ömer", "Oğuz", "Şahin", "Sema", "Ümit", "Uğur", "Gül", "Ğ"]
    assert turkish.sorted_tr(names) == [
        "Cem",
        "Çelik",
        "Gül",
        "Ğ",
        "Işık",
        "İnce",
        "Oğuz",
        "Ömer",
        "Sema",
        "Şahin",
        "Uğur",
        "Ümit",
        "Zeynep",
    ]


def test_sort_is_case_insensitive():
    assert turkish.sorted_tr(["ışık", "Ilgın", "İlknur", "ilker"]) == ["Ilgın", "ışık", "ilker", "İlknur"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Sağlık Bakanlığı", "Sağlık Bakanlığına"),
        ("Kocaeli Şehir Hastanesi Başhekimliği", "Kocaeli Şehir Hastanesi Başhekimliğine"),
        ("Halk Sağlığı Hizmetleri Başkanlığı", "Halk Sağlığı Hizmetleri Başkanlığına"),
        ("112 Acil Çağrı Merkezi Müdürlüğü", "112 Acil Çağrı Merkezi Müdürlüğüne"),
        ("Kocaeli Valiliği", "Kocaeli Valiliğine"),
        ("Valilik", "Valiliğe"),
        ("Müdürlük", "Müdürlüğe"),
        ("Ağız ve Diş Sağlığı Merkezi", "Ağız ve Diş Sağlığı Merkezine"),
        ("Dekanlık", "Dekanlığa"),
        ("Hastane", "Hastaneye"),
    ],
)
def test_dative_of_office_names(phrase, expected):
    assert turkish.dative(phrase) == expected
