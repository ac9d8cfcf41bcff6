"""Quoted phrases keep the words together and in order; OR, NOT and title: work."""

import pytest

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    source = SourceFactory()
    rows = {
        "together": ("Kocaeli Şehir Hastanesi'nde açılış", ""),
        "apart": ("Şehir merkezinde yeni hastane", ""),
        "reversed": ("Hastane şehir dışına taşındı", ""),
        "ambulance": ("112 ambulansı kaza yaptı", "Şehir Hastanesi acil servisine kaldırıldı"),
    }
    for key, (title, text) in rows.items():
        source.items.create(outlet=source.outlet, identity_hash=key, title=title, text=text)


def found(text):
    return sorted(fulltext.search(Item.objects.all(), text).values_list("identity_hash", flat=True))


def test_phrase_needs_consecutive_words(items):
    assert found('"şehir hastanesi"') == ["ambulance", "together"]


def test_words_without_quotes_need_all_words_anywhere(items):
    assert found("şehir hastane") == ["ambulance", "apart", "reversed", "together"]


def test_or_not_and_title(items):
    assert found("açılış OR ambulans") == ["ambulance", "together"]
    assert found("hastane -taşındı") == ["ambulance", "apart", "together"]
    assert found('title:"şehir hastanesi"') == ["together"]


def test_malformed_query_is_searched_as_words(items):
    assert found('"şehir hastanesi') == ["ambulance", "apart", "reversed", "together"]
    assert found("((((") == ["ambulance", "apart", "reversed", "together"]
