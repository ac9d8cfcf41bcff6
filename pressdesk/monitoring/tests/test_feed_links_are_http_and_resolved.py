"""Only http(s) links are stored from feeds; relative links are resolved against the feed's own address.

A feed's ``javascript:``/``data:`` link is dropped (the entry is kept without an address:
its title and text are news all the same); ``/haber/1`` in a feed read from
``https://gazete.example/rss`` is ``https://gazete.example/haber/1``; after a redirect the
final address is the base. Both parsing paths (the fast RSS/Atom reader and feedparser),
ingest itself and news sitemaps follow the rule.
"""

from __future__ import annotations

import datetime
from http.server import BaseHTTPRequestHandler
from unittest import mock

import pytest

from pressdesk.monitoring import ingest, normalize, parsing, polling
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer, respond

NOW = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)
BASE = "https://gazete.example/feeds/rss.xml"


def _rss(*links: str, enclosure: str = "") -> bytes:
    items = "".join(
        f"<item><guid isPermaLink='false'>g{n}</guid><title>Haber {n}</title><link>{link}</link>"
        + (f"<enclosure url='{enclosure}' type='image/jpeg'/>" if enclosure and n == 0 else "")
        + "</item>"
        for n, link in enumerate(links)
    )
    head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>G</title>'
    return f"{head}{items}</channel></rss>".encode()


def _fast(body: bytes, base_url: str = BASE) -> parsing.ParsedFeed:
    return parsing.parse_feed(body, fetched_at=NOW, base_url=base_url)


def _feedparser(body: bytes, base_url: str = BASE) -> parsing.ParsedFeed:
    with mock.patch.object(parsing, "_parse_lean", return_value=None):
        return parsing.parse_feed(body, fetched_at=NOW, base_url=base_url)


REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "java&#9;script:alert(1)",
    " javascript:alert(1)",
    "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:basin@example.org",
    "ftp://gazete.example/1",
]


@pytest.mark.parametrize("read", [_fast, _feedparser], ids=["fast", "feedparser"])
@pytest.mark.parametrize("link", REFUSED)
def test_a_link_that_is_not_http_is_dropped_and_the_entry_kept(read, link: str) -> None:
    (entry,) = read(_rss(link)).entries
    assert entry.url == ""
    assert entry.title == "Haber 0"


@pytest.mark.parametrize("read", [_fast, _feedparser], ids=["fast", "feedparser"])
def test_relative_links_are_resolved_against_the_feed_address(read) -> None:
    feed = read(_rss("/haber/1", "../haber/2", "haber/3", "//cdn.gazete.example/4", enclosure="/img/1.jpg"))
    assert [entry.url for entry in feed.entries] == [
        "https://gazete.example/haber/1",
        "https://gazete.example/haber/2",
        "https://gazete.example/feeds/haber/3",
        "https://cdn.gazete.example/4",
    ]
    assert feed.entries[0].image_url == "https://gazete.example/img/1.jpg"


def test_xml_base_is_resolved_against_the_feed_address() -> None:
    body = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="/haber/">'
        b"<title>A</title><entry><id>urn:1</id><title>Bir</title><link href='5'/></entry></feed>"
    )
    (entry,) = parsing.parse_feed(body, fetched_at=NOW, base_url=BASE).entries
    assert entry.url == "https://gazete.example/haber/5"


def test_web_url_keeps_http_addresses_as_they_are() -> None:
    assert normalize.web_url("https://gazete.example/a?b=1#c") == "https://gazete.example/a?b=1#c"
    assert normalize.web_url("HTTP://Gazete.example/a") == "HTTP://Gazete.example/a"
    assert normalize.web_url("/a") == ""  # relative, and nothing to resolve it against
    assert normalize.web_url("http://[::1") == ""


@pytest.mark.django_db
def test_ingest_stores_no_foreign_scheme_and_resolves_against_the_source() -> None:
    source = SourceFactory(url="https://gazete.example/rss")
    entries = [
        ParsedEntry(guid="1", url="javascript:alert(1)", title="Zararlı bağlantı", image_url="javascript:x()"),
        ParsedEntry(guid="2", url="/haber/2", title="Göreli bağlantı", image_url="/img/2.jpg"),
        ParsedEntry(guid="3", url="https://gazete.example/haber/3", title="Olağan bağlantı"),
    ]
    result = ingest.ingest_entries(source=source, entries=entries, fetched_at=NOW, engines=STUB_ENGINES)
    assert (result.new_items, result.links_refused) == (3, 1)
    stored = {item.guid: item for item in Item.objects.all()}
    assert (stored["1"].url, stored["1"].original_url, stored["1"].image_url) == ("", "", "")
    assert stored["1"].title == "Zararlı bağlantı"
    assert stored["2"].original_url == "https://gazete.example/haber/2"
    assert stored["2"].image_url == "https://gazete.example/img/2.jpg"
    assert stored["3"].url == "https://gazete.example/haber/3"


@pytest.mark.django_db
def test_poll_resolves_relative_links_against_the_final_address(server: FakeServer) -> None:
    @server.route("/old-feed")
    def moved(h: BaseHTTPRequestHandler) -> None:
        respond(h, 301, Location="/feeds/rss.xml")

    server.serve("/feeds/rss.xml", _rss("haber/1", "javascript:alert(1)"))
    source = SourceFactory(url=server.url("/old-feed"), allowed_private=True)
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.new_items == 2
    urls = dict(Item.objects.values_list("guid", "original_url"))
    assert urls == {"g0": server.url("/feeds/haber/1"), "g1": ""}


@pytest.mark.django_db
def test_news_sitemap_resolves_relative_locations_and_skips_foreign_schemes(server: FakeServer) -> None:
    server.serve(
        "/sitemaps/news.xml",
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>/saglik/yeni-bolum-1.html</loc></url>"
        b"<url><loc>javascript:alert(1)</loc></url></urlset>",
        content_type="application/xml",
    )
    source = SourceFactory(kind=Source.Kind.NEWS_SITEMAP, url=server.url("/sitemaps/news.xml"), allowed_private=True)
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.new_items == 1
    assert list(Item.objects.values_list("original_url", flat=True)) == [server.url("/saglik/yeni-bolum-1.html")]
