import pytest
from django.urls import reverse

from pressdesk.organizations.queries import organization_tree, search_tree

pytestmark = pytest.mark.django_db


def _names(tree):
    return [org.name for org in tree if not org.is_context]


@pytest.mark.parametrize("text", ["şehir", "ŞEHİR", "Şehir", "sehir", "SEHIR", "  şehİr "])
def test_search_finds_sehir_in_any_case_and_without_turkish_letters(province, text):
    assert _names(search_tree(organization_tree(), text)) == ["Kocaeli Şehir Hastanesi"]


def test_dotted_and_dotless_i_follow_turkish_rules(province):
    assert _names(search_tree(organization_tree(), "İL SAĞLIK")) == [
        "Kocaeli İl Sağlık Müdürlüğü",
        "Denizli İl Sağlık Müdürlüğü",
    ]
    assert "Basın ve İletişim Birimi" in _names(search_tree(organization_tree(), "İLETİŞİM"))
    assert "Basın ve İletişim Birimi" in _names(search_tree(organization_tree(), "iletişim"))


def test_search_keeps_the_ancestors_of_a_match_as_context(province):
    result = search_tree(organization_tree(), "iletişim")
    assert [(org.code, org.is_context) for org in result] == [
        ("ism", True),
        ("pdhb", True),
        ("basin", False),
    ]


def test_filter_by_kind(province):
    result = search_tree(organization_tree(), "", "hospital")
    assert sorted(_names(result)) == ["Denizli DH", "Derince EAH", "Kocaeli Şehir Hastanesi"]


def test_search_page_lists_matches_and_an_empty_state(province, login):
    client = login(province.admin)
    body = client.get(reverse("organizations:list"), {"q": "ŞEHİR"}).content.decode()
    assert "Kocaeli Şehir Hastanesi" in body
    assert "Derince EAH" not in body

    body = client.get(reverse("organizations:list"), {"q": "yok böyle bir kurum"}).content.decode()
    assert 'data-testid="empty-state"' in body
    assert 'data-testid="org-row"' not in body


def test_htmx_search_returns_only_the_results(province, login):
    response = login(province.admin).get(reverse("organizations:list"), {"q": "sehir"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Kocaeli Şehir Hastanesi" in body
