"""The archive search finds a word under its Turkish suffixes, and a suffixed query finds the other forms."""

import pytest

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def titles():
    source = SourceFactory()
    for n, title in enumerate(
        [
            "Kocaeli Şehir Hastanesi'nde yeni bölüm",
            "Hastanemizin acil servisi yenilendi",
            "Hastanelerdeki yoğunluk azaldı",
            "İl Sağlık Müdürlüğü'nden açıklama",
            "Müdürlük binası taşındı",
            "Belediye ilçe meclisi toplandı",
            "Hastalar taburcu edildi",
        ]
    ):
        source.items.create(outlet=source.outlet, identity_hash=str(n), title=title)


def found(text):
    return sorted(fulltext.search(Item.objects.all(), text).values_list("identity_hash", flat=True))


def test_root_finds_suffixed_forms(titles):
    assert found("hastane") == ["0", "1", "2"]


def test_suffixed_query_finds_other_suffixes(titles):
    assert found("hastanesinde") == ["0", "1", "2"]


def test_softened_consonant_both_ways(titles):
    assert found("müdürlük") == ["3", "4"]
    assert found("müdürlüğünde") == ["3", "4"]


def test_short_word_is_not_a_prefix(titles):
    assert found("il") == ["3"]


def test_root_is_not_cut_to_another_word(titles):
    # "hastane" is not hasta + -ne: it does not find "Hastalar".
    assert "6" not in found("hastane")
