"""Items of one province's feed, dated some days back, for the query tester and back-fill tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from pressdesk.monitoring.models import Item, Outlet, Source

_numbers = itertools.count(1)


def province_source(organization: Any, name: str = "Gazete") -> Source:
    outlet = Outlet.objects.create(name=f"{name} {organization.code}", kind=Outlet.Kind.LOCAL_NEWSPAPER)
    return Source.objects.create(
        name=f"{name} {organization.code}", outlet=outlet, organization=organization, url="https://gazete.example/rss"
    )


def archive_item(source: Source, title: str, text: str = "", *, days_ago: float = 1) -> Item:
    number = next(_numbers)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return Item.objects.create(
        source=source,
        outlet=source.outlet,
        url=f"https://gazete.example/haber/{number}",
        identity_hash=f"test-{number}",
        title=title,
        text=text,
        published_at=when,
        fetched_at=when,
    )
