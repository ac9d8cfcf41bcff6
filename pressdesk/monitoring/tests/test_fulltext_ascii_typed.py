"""Words typed without Turkish letters find the Turkish spelling."""

import pytest

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    source = SourceFactory()
    source.items.create(
        outlet=source.outlet, identity_hash="a", title="Açıklama", text="Kocaeli İl Sağlık Müdürlüğü açıklama yaptı."
    )
    source.items.create(outlet=source.outlet, identity_hash="b", title="Gölcük'te ışıklandırma", text="Çalışma sürüyor")
    source.items.create(outlet=source.outlet, identity_hash="c", title="Spor", text="Maç ertelendi")


def found(text):
    return sorted(fulltext.search(Item.objects.all(), text).values_list("identity_hash", flat=True))


def test_ascii_typed_words_find_turkish_text(items):
    assert found("Saglik Mudurlugu") == ["a"]
    assert found("IL SAGLIK") == ["a"]


def test_ascii_typed_suffixed_and_prefixed(items):
    assert found("golcuk") == ["b"]
    assert found("isiklandirma calisma") == ["b"]
    assert found("mac") == ["c"]
