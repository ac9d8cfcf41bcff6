"""A contact's page lists their outlet's recent monitored items (those the user may see in monitoring),
the contact's own bylines first."""

from __future__ import annotations

import datetime
import itertools

from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations import queries
from pressdesk.monitoring.models import Item, Outlet, Source

_numbers = itertools.count(1)


def _source(organization, outlet: Outlet) -> Source:
    return Source.objects.create(
        name=f"{outlet.name} {next(_numbers)}",
        outlet=outlet,
        organization=organization,
        kind=Source.Kind.FEED,
        url=f"https://kaynak{next(_numbers)}.example/rss.xml",
    )


def _item(source: Source, title: str, *, hours_ago: int, author: str = "") -> Item:
    number = next(_numbers)
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Item.objects.create(
        source=source,
        outlet=source.outlet,
        url=f"https://haber.example/son/{number}",
        identity_hash=f"recent-{number}",
        title=title,
        text="Metin.",
        author=author,
        published_at=when,
        fetched_at=when,
    )


def test_contact_page_lists_the_outlets_recent_items_own_bylines_first(province, contacts, outlets, client):
    ayse = contacts[0]  # "Ayşe Gündoğdu", Kocaeli Gazetesi
    ours = _source(province.directorate, outlets["gazete"])
    newest = _item(ours, "En yeni haber", hours_ago=1)
    older = _item(ours, "Daha eski haber", hours_ago=5)
    hers = _item(ours, "Ayşe'nin haberi", hours_ago=9, author="AYŞE GÜNDOĞDU")
    _item(_source(province.directorate, outlets["ajans"]), "Başka yayın organının haberi", hours_ago=2)
    _item(_source(province.other_directorate, outlets["gazete"]), "Başka ilin kaynağından", hours_ago=1)

    assert queries.recent_coverage(province.staff, ayse) == [hers, newest, older]
    client.force_login(province.staff)
    response = client.get(reverse("mediarelations:contact", args=[ayse.pk]))
    assert list(response.context["coverage"]) == [hers, newest, older]
    page = response.content.decode()
    assert "En yeni haber" in page and "Başka yayın organının haberi" not in page
    assert "Başka ilin kaynağından" not in page


def test_the_outlets_items_are_not_shown_to_who_may_not_monitor_or_for_a_contact_without_outlet(
    province, contacts, outlets, client
):
    ayse, oguz = contacts[0], contacts[3]  # Oğuz has no outlet
    _item(_source(province.directorate, outlets["gazete"]), "Bir haber", hours_ago=1)
    assert queries.recent_coverage(province.staff, oguz) == []
    assert queries.recent_coverage(province.requester, ayse) == []  # not a monitoring user
    client.force_login(province.outsider)
    assert client.get(reverse("mediarelations:contact", args=[ayse.pk])).status_code in (403, 404)
