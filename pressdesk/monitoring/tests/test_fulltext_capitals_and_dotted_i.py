"""Capitals and the dotted/dotless i do not matter to the archive search."""

import pytest

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def titles():
    source = SourceFactory()
    for n, title in enumerate(["İL SAĞLIK MÜDÜRLÜĞÜ duyurdu", "Işıklar yandı", "İstanbul'da toplantı", "IŞIK"]):
        source.items.create(outlet=source.outlet, identity_hash=str(n), title=title)


def found(text):
    return sorted(fulltext.search(Item.objects.all(), text).values_list("identity_hash", flat=True))


def test_lower_case_finds_upper_case(titles):
    assert found("il sağlık müdürlüğü") == ["0"]


def test_upper_case_finds_title_case(titles):
    assert found("IŞIK") == ["1", "3"]
    assert found("İSTANBUL") == ["2"]


def test_dotless_and_dotted_i_in_lower_case(titles):
    assert found("ışık") == ["1", "3"]
    assert found("istanbul") == ["2"]
