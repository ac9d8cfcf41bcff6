"""Migration 0007 gives the items inside the clustering window the signature the current code computes."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from pressdesk.monitoring.clustering import signature
from pressdesk.monitoring.models import Item, Story

from .factories import SourceFactory

migration = importlib.import_module("pressdesk.monitoring.migrations.0007_recompute_recent_signatures")

TEXT = (
    "Kocaeli Şehir Hastanesi'nde acil servis bugün yeni binasına taşındı. İl Sağlık Müdürlüğü, "
    "hastaların randevularının aynı saatte geçerli olduğunu açıkladı."
)
STALE = b"\x01" * 512  # a signature of the previous hashing scheme


@pytest.mark.django_db
def test_recent_items_get_the_current_signature_and_old_ones_are_left() -> None:
    source = SourceFactory()
    now = timezone.now()
    story = Story.objects.create(title="Acil servis", first_seen_at=now, last_seen_at=now)

    def item(n: int, fetched_at: datetime.datetime) -> Item:
        return Item.objects.create(
            source=source,
            outlet=source.outlet,
            url=f"https://example.com/{n}",
            identity_hash=f"id-{n}",
            title="Acil servis taşındı",
            text=TEXT,
            published_at=fetched_at,
            fetched_at=fetched_at,
            signature=STALE,
            story=story,
        )

    recent = item(1, now - datetime.timedelta(days=1))
    old = item(2, now - datetime.timedelta(days=10))

    migration.forwards(apps, None)

    recent.refresh_from_db()
    old.refresh_from_db()
    assert bytes(recent.signature) == signature(f"{recent.title}\n{recent.text}")
    assert bytes(old.signature) == STALE
