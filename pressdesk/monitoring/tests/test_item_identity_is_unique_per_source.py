import pytest
from django.db import IntegrityError, transaction

from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_same_identity_twice_in_one_source_is_refused() -> None:
    source = SourceFactory()
    Item.objects.create(source=source, outlet=source.outlet, identity_hash="a" * 64, title="Bir")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(source=source, outlet=source.outlet, identity_hash="a" * 64, title="İki")


def test_same_identity_in_another_source_is_kept() -> None:
    one, other = SourceFactory(), SourceFactory()
    Item.objects.create(source=one, outlet=one.outlet, identity_hash="a" * 64)
    Item.objects.create(source=other, outlet=other.outlet, identity_hash="a" * 64)
    assert Item.objects.count() == 2
