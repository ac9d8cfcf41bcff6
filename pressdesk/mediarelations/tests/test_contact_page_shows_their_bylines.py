"""A contact's page lists the monitored items that carry their name, besides their outlet's items."""

from __future__ import annotations

import itertools
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring.models import Item, Outlet, Source

_numbers = itertools.count(1)


def _item(source: Source, title: str, text: str, *, outlet: Outlet | None = None, author: str = "") -> Item:
    number = next(_numbers)
    now = timezone.now()
    return Item.objects.create(
        source=source,
        outlet=outlet or source.outlet,
        url=f"https://haber.example/byline/{number}",
        identity_hash=f"byline-{number}",
        title=title,
        text=text,
        author=author,
        published_at=now,
        fetched_at=now,
    )


def _source(province: Any, outlet: Outlet) -> Source:
    return Source.objects.create(
        name=f"{outlet.name} RSS",
        outlet=outlet,
        organization=province.directorate,
        kind=Source.Kind.FEED,
        url="https://haber.example/rss.xml",
    )


def test_contact_page_lists_items_with_their_name_folded_the_turkish_way(province, contacts, client):
    ayse = contacts[0]  # "Ayşe Gündoğdu", Kocaeli Gazetesi
    other = Outlet.objects.create(name="Özgür Kocaeli")
    source = _source(province, other)
    upper = _item(source, "Aşı kampanyası sürüyor", "AYŞE GÜNDOĞDU / KOCAELİ - İl genelinde aşılama devam ediyor.")
    ascii_typed = _item(source, "Hastanede yeni bölüm", "Haber: Ayse Gundogdu. Yeni bölüm açıldı.")
    namesake = _item(source, "Ayşe Hanım'ın bahçesi", "Ayşe bugün Gündoğdu köyüne gitti.")  # not the phrase
    client.force_login(province.staff)
    response = client.get(reverse("mediarelations:contact", args=[ayse.pk]))
    bylines = list(response.context["bylines"])
    assert set(bylines) == {upper, ascii_typed}
    assert namesake not in bylines
    page = response.content.decode()
    assert "Hastanede yeni bölüm" in page and "Özgür Kocaeli" in page


def test_bylines_are_only_items_the_user_may_see(province, contacts, client):
    """A second province's items with the same name are not shown."""
    from pressdesk.mediarelations import queries

    outsider_source = Source.objects.create(
        name="Başka il RSS",
        outlet=Outlet.objects.create(name="Başka Gazete"),
        organization=province.other_directorate,
        kind=Source.Kind.FEED,
        url="https://baska.example/rss.xml",
    )
    _item(outsider_source, "Başka ilde haber", "Ayşe Gündoğdu yazdı.")
    assert queries.byline_items(province.staff, contacts[0]) == []


def test_contact_page_has_a_constant_query_count(province, contacts, client, django_assert_max_num_queries):
    ayse = contacts[0]
    source = _source(province, Outlet.objects.create(name="Özgür Kocaeli"))
    client.force_login(province.staff)
    _item(source, "Bir haber", "Ayşe Gündoğdu bildiriyor.")
    client.get(reverse("mediarelations:contact", args=[ayse.pk]))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("mediarelations:contact", args=[ayse.pk]))
    for n in range(8):
        _item(source, f"Haber {n}", f"Ayşe Gündoğdu bildiriyor {n}.", outlet=ayse.outlet)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("mediarelations:contact", args=[ayse.pk]))
    assert len(response.context["bylines"]) == 9


def test_the_feeds_author_field_is_a_byline_compared_the_turkish_way(province, contacts, client):
    """Items whose text does not name her, but whose feed gives her as the author."""
    from pressdesk.mediarelations import queries

    ayse, ismail = contacts[0], contacts[1]  # "Ayşe Gündoğdu", "İsmail Çakır"
    source = _source(province, Outlet.objects.create(name="Özgür Kocaeli"))
    upper = _item(source, "Aşı kampanyası", "İl genelinde aşılama sürüyor.", author="AYŞE GÜNDOĞDU")
    ascii_typed = _item(source, "Yeni bölüm", "Yeni bölüm açıldı.", author="Ayse Gundogdu / Kocaeli")
    dotted = _item(source, "Nöbetçi eczane", "Liste yayımlandı.", author="İSMAİL ÇAKIR")
    other = _item(source, "Başka haber", "Başka metin.", author="Ayşe Yılmaz")
    assert set(queries.byline_items(province.staff, ayse)) == {upper, ascii_typed}
    assert queries.byline_items(province.staff, ismail) == [dotted]  # İ/ı: "İSMAİL" is not "ısmaıl"
    assert other not in queries.byline_items(province.staff, ayse)
    # Another province's user does not see these items, nor the bylines.
    assert queries.byline_items(province.outsider, ayse) == []
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:contact", args=[ayse.pk])).content.decode()
    assert "Aşı kampanyası" in page and "Yeni bölüm" in page
