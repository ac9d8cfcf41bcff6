"""The entry's author (RSS ``author``/``dc:creator``, Atom ``author``) is kept on the item as its byline:
the name only, length-limited, the same from the lean reader and from feedparser; cleared with the rest of
the authors' personal data of social items nobody kept."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pressdesk.monitoring import actions, ingest, parsing
from pressdesk.monitoring.models import Item, Outlet, Source

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Yerel Gazete</title>
<link>https://gazete.example/</link>
<item><guid>a-1</guid><link>https://gazete.example/1</link><title>Bir</title>
<author>ayse@gazete.example (Ayşe Gündoğdu)</author></item>
<item><guid>a-2</guid><link>https://gazete.example/2</link><title>İki</title>
<dc:creator>Birinci Yazar</dc:creator><dc:creator>İSMAİL ÇAKIR</dc:creator></item>
<item><guid>a-3</guid><link>https://gazete.example/3</link><title>Üç</title><author>yalniz@adres.example</author></item>
<item><guid>a-4</guid><link>https://gazete.example/4</link><title>Dört</title>
<dc:creator>{long}</dc:creator></item>
<item><guid>a-5</guid><link>https://gazete.example/5</link><title>Beş</title></item>
</channel></rss>""".replace("{long}", "Uzun " * 80)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ajans</title><author><name>Ajans Masası</name></author>
<entry><id>urn:1</id><title>Son dakika</title><link href="https://ajans.example/1"/>
<author><name>Şule Işık</name><email>sule@ajans.example</email></author>
<updated>2026-11-21T08:00:00Z</updated></entry>
<entry><id>urn:2</id><title>İmzasız</title><link href="https://ajans.example/2"/>
<updated>2026-11-21T08:00:00Z</updated></entry>
</feed>"""


def _both(document: str) -> tuple[list[str], list[str]]:
    body = document.encode()
    root = parsing._safe_tree(body)
    assert root is not None
    lean = parsing._parse_lean(root, body, "")
    assert lean is not None, "the lean path should read this feed"
    slow = parsing._parse_xml_feed(body, "")
    return [e.author for e in lean.entries], [e.author for e in slow.entries]


def test_rss_authors_are_read_as_names_alike_by_both_readers():
    lean, slow = _both(RSS)
    assert lean == slow
    assert lean[:3] == ["Ayşe Gündoğdu", "İSMAİL ÇAKIR", ""]  # the address is not kept; the last creator wins
    assert len(lean[3]) == parsing.AUTHOR_LENGTH and lean[4] == ""


def test_atom_authors_are_read_alike_by_both_readers_and_the_feeds_author_is_not_inherited():
    lean, slow = _both(ATOM)
    assert lean == slow == ["Şule Işık", ""]


def test_parse_feed_gives_the_author():
    feed = parsing.parse_feed(RSS.encode(), content_type="application/rss+xml")
    assert feed.entries[0].author == "Ayşe Gündoğdu"


@pytest.mark.django_db
def test_ingest_stores_the_author_on_the_item():
    outlet = Outlet.objects.create(name="Yerel Gazete")
    source = Source.objects.create(outlet=outlet, kind=Source.Kind.FEED, url="https://gazete.example/rss")
    entries = parsing.parse_feed(RSS.encode(), content_type="application/rss+xml").entries
    ingest.ingest_entries(source=source, entries=entries, fetched_at=timezone.now())
    authors = dict(Item.objects.values_list("guid", "author"))
    assert authors["a-1"] == "Ayşe Gündoğdu" and authors["a-2"] == "İSMAİL ÇAKIR" and authors["a-5"] == ""
    assert len(authors["a-4"]) <= Item._meta.get_field("author").max_length


@pytest.mark.django_db
def test_retention_clears_the_author_of_unkept_social_items():
    outlet = Outlet.objects.create(name="Mastodon", kind=Outlet.Kind.SOCIAL)
    social = Source.objects.create(outlet=outlet, kind=Source.Kind.MASTODON, config={"query": "hastane"})
    old = timezone.now() - datetime.timedelta(days=120)
    post = Item.objects.create(
        source=social,
        outlet=outlet,
        identity_hash="m1",
        guid="m1",
        url="https://m.example/@kisi/1",
        text="hastanede bekledim",
        author="Kişi Adı",
        fetched_at=old,
    )
    # Scrubbed before the author field existed: only the author is left, and it goes too.
    earlier = Item.objects.create(source=social, outlet=outlet, identity_hash="m2", author="Başka Kişi", fetched_at=old)
    assert actions.remove_unkept_personal_data(days=90) == 2
    assert set(Item.objects.filter(pk__in=[post.pk, earlier.pk]).values_list("author", flat=True)) == {""}
    assert actions.remove_unkept_personal_data(days=90) == 0
