"""News sitemaps and sitemap indexes become items; broken or hostile sitemaps become errors on the source."""

from __future__ import annotations

import datetime

import pytest

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import FetchLog, Item, Source
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)

# As Google documents a news sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.korfez.example/saglik/sehir-hastanesinde-yeni-bolum-1001.html</loc>
    <news:news>
      <news:publication><news:name>Körfez Gazetesi</news:name><news:language>tr</news:language></news:publication>
      <news:publication_date>2026-11-22T10:15:00+03:00</news:publication_date>
      <news:title>Şehir Hastanesi'nde yeni bölüm &lt;script&gt;alert(1)&lt;/script&gt;</news:title>
      <news:keywords>sağlık, Kocaeli</news:keywords>
    </news:news>
    <image:image><image:loc>https://www.korfez.example/img/1001.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://www.korfez.example/gundem/112-ekipleri-tatbikat-yapti-1002.html</loc>
    <news:news>
      <news:publication><news:name>Körfez Gazetesi</news:name><news:language>tr</news:language></news:publication>
      <news:publication_date>2030-01-01T00:00:00+03:00</news:publication_date>
      <news:title>112 ekipleri tatbikat yaptı</news:title>
    </news:news>
  </url>
</urlset>"""


@pytest.fixture
def source(server: FakeServer) -> Source:
    return SourceFactory(kind=Source.Kind.NEWS_SITEMAP, url=server.url("/sitemap-news.xml"), allowed_private=True)


def poll(source: Source, now: datetime.datetime = NOW) -> polling.PollResult:
    result = polling.poll_source(source_id=source.pk, now=now, engines=STUB_ENGINES)
    assert result is not None
    return result


def test_news_sitemap_entries_are_stored_with_titles_dates_and_images(server: FakeServer, source: Source) -> None:
    server.serve("/sitemap-news.xml", NEWS_SITEMAP.encode(), content_type="application/xml")
    result = poll(source)
    assert (result.outcome, result.new_items) == ("new", 2)
    first = Item.objects.get(url__contains="1001")
    assert first.title == "Şehir Hastanesi'nde yeni bölüm"  # the script and its content are gone
    assert first.published_at == datetime.datetime(2026, 11, 22, 7, 15, tzinfo=datetime.UTC)
    assert first.image_url == "https://www.korfez.example/img/1001.jpg"
    future = Item.objects.get(url__contains="1002")
    assert future.published_at == NOW
    assert future.published_at_original == datetime.datetime(2029, 12, 31, 21, 0, tzinfo=datetime.UTC)
    # The same body again: unchanged by hash, nothing parsed or stored.
    assert poll(source, NOW + datetime.timedelta(minutes=15)).outcome == "unchanged"


def test_sitemap_index_reads_the_newest_children(server: FakeServer, source: Source) -> None:
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{server.url("/sitemap-2026-11-22.xml")}</loc><lastmod>2026-11-22T09:00:00+03:00</lastmod></sitemap>
  <sitemap><loc>/sitemap-broken.xml</loc><lastmod>2026-11-21T09:00:00+03:00</lastmod></sitemap>
  <sitemap><loc>{server.url("/sitemap-2020-01-01.xml")}</loc><lastmod>2020-01-01</lastmod></sitemap>
  <sitemap><loc>{server.url("/sitemap-2019-01-01.xml")}</loc><lastmod>2019-01-01</lastmod></sitemap>
</sitemapindex>"""
    server.serve("/sitemap-news.xml", index.encode(), content_type="application/xml")
    server.serve("/sitemap-2026-11-22.xml", NEWS_SITEMAP.encode(), content_type="application/xml")
    server.serve("/sitemap-broken.xml", b"<urlset><url><loc>https://x.example/a", content_type="application/xml")
    plain = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://www.korfez.example/ekonomi/il-saglik-mudurlugu-aciklama-yapti-77.html</loc>
      <lastmod>2020-01-01</lastmod></url></urlset>"""
    server.serve("/sitemap-2020-01-01.xml", plain, content_type="application/xml")
    result = poll(source)
    assert (result.outcome, result.new_items) == ("new", 3)
    assert Item.objects.get(url__contains="-77").title == "il saglik mudurlugu aciklama yapti"
    assert not any("2019" in request["path"] for request in server.requests)  # at most three children


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"<urlset><url><loc>https://x.example/a</loc></url>", "not well-formed"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><urlset>&a;</urlset>', "unsafe"),
        (b"<!DOCTYPE html><html><body>Sayfa</body></html>", "HTML page"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "not a sitemap"),
        (b"", "empty"),
    ],
)
def test_broken_sitemaps_are_errors_on_the_source(server: FakeServer, source: Source, body: bytes, error: str) -> None:
    server.serve("/sitemap-news.xml", body, content_type="application/xml")
    result = poll(source)
    assert result.outcome == "error"
    source.refresh_from_db()
    assert error in source.last_error and source.failure_count == 1
    assert FetchLog.objects.get(source=source).outcome == "error"


def test_windows_1254_sitemap_declared_as_utf8_reads_turkish(server: FakeServer, source: Source) -> None:
    server.serve("/sitemap-news.xml", NEWS_SITEMAP.encode("cp1254"), content_type="application/xml; charset=utf-8")
    poll(source)
    assert Item.objects.filter(title__startswith="Şehir Hastanesi'nde yeni bölüm").exists()
