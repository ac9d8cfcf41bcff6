"""Issue 4's bad input, end to end through the poller: each case is handled and recorded on its source,
nothing hostile reaches a page unescaped, and one broken source never stops the others."""

from __future__ import annotations

import datetime
import functools
import time
from http.server import BaseHTTPRequestHandler

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring import fetching, polling, tasks
from pressdesk.monitoring.models import FetchLog, Item, Source, WatchTerm
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer, respond

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)
HOSTILE_TITLE = "Şehir Hastanesi <img src=x onerror=alert(1)> &lt;script&gt;alert(2)&lt;/script&gt;"
HOSTILE_BODY = (
    '<p onclick="alert(3)">Şehir Hastanesi</p><script>alert(4)</script><a href="javascript:alert(5)">bağlantı</a>'
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style><svg onload="alert(6)"></svg>'
)


def rss(items: str, encoding: str = "UTF-8") -> str:
    head = f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>G</title>'
    return f"{head}{items}</channel></rss>"


def item(
    guid: str, title: str, link: str = "", body: str = "metin", date: str = "Sun, 22 Nov 2026 07:15:00 +0300"
) -> str:
    link = link or f"https://gazete.example/{guid}"
    return (
        f"<item><guid>{guid}</guid><link>{link}</link><title><![CDATA[{title}]]></title>"
        f"<description><![CDATA[{body}]]></description><pubDate>{date}</pubDate></item>"
    )


def poll(source: Source, **kwargs: object) -> polling.PollResult:
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES, **kwargs)  # type: ignore[arg-type]
    assert result is not None
    source.refresh_from_db()
    return result


@pytest.fixture
def source(server: FakeServer) -> Source:
    return SourceFactory(url=server.url("/feed"), allowed_private=True)


@pytest.mark.parametrize(
    ("declared", "header"),
    [("UTF-8", "application/rss+xml"), ("ISO-8859-1", "application/rss+xml"), ("", "text/xml; charset=iso-8859-1")],
)
def test_windows_1254_declared_wrongly_or_not_at_all_reads_turkish(
    server: FakeServer, source: Source, declared: str, header: str
) -> None:
    body = rss(item("t1", "İl Sağlık Müdürlüğü'nden ışıklı uyarı: ÇĞİÖŞÜ çğıöşü"), declared or "UTF-8")
    if not declared:
        body = body.replace(' encoding="UTF-8"', "")
    server.serve("/feed", body.encode("cp1254"), content_type=header)
    assert poll(source).new_items == 1
    assert Item.objects.get().title == "İl Sağlık Müdürlüğü'nden ışıklı uyarı: ÇĞİÖŞÜ çğıöşü"


def test_a_50_mb_answer_is_an_error_on_the_source(server: FakeServer, source: Source) -> None:
    @server.route("/feed")
    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<item>" + b"x" * 65530
        for _ in range(50 * 16):
            h.wfile.write(chunk)

    result = poll(source)
    assert result.outcome == "error" and "larger than" in source.last_error
    assert source.failure_count == 0.5  # soft: the server misbehaves
    assert FetchLog.objects.get(source=source).outcome == "error"


def test_endless_redirects_are_an_error_on_the_source(server: FakeServer, source: Source) -> None:
    server.routes["/feed"] = lambda h: respond(h, 302, Location="/feed?again")
    result = poll(source)
    assert result.outcome == "error" and "More than 5 redirects" in source.last_error
    assert source.failure_count == 1  # hard: the address is wrong
    assert len(server.requests) == 6


def test_a_slow_loris_server_is_cut_off_and_recorded(server: FakeServer, source: Source) -> None:
    @server.route("/feed")
    def slow(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(200):
            h.wfile.write(b"<")
            h.wfile.flush()
            time.sleep(0.05)

    started = time.monotonic()
    result = poll(source, fetch=functools.partial(fetching.fetch, deadline=1.0))
    assert time.monotonic() - started < 3
    assert result.outcome == "error" and "within 1 s" in source.last_error
    assert source.failure_count == 0.25  # temporary


def test_a_feed_with_10000_items_is_stored_once(server: FakeServer, source: Source) -> None:
    server.serve("/feed", rss("".join(item(f"g{i}", f"Haber {i}") for i in range(10_000))).encode())
    first = poll(source)
    assert (first.outcome, first.new_items) == ("new", 10_000)
    assert Item.objects.filter(source=source).count() == 10_000
    server.serve("/feed", rss("".join(item(f"g{i}", f"Haber {i}") for i in range(10_001))).encode())
    second = polling.poll_source(source_id=source.pk, now=NOW + datetime.timedelta(hours=1), engines=STUB_ENGINES)
    assert second is not None and second.new_items == 1
    source.refresh_from_db()
    assert source.poll_interval >= 900  # almost everything was known: the interval does not shrink


def test_duplicate_guids_and_repeated_entries_in_one_feed(server: FakeServer, source: Source) -> None:
    same = item("dup", "Aynı haber", "https://gazete.example/ayni")
    server.serve(
        "/feed", rss(same + same + item("dup", "Başka haber aynı GUID", "https://gazete.example/baska")).encode()
    )
    assert poll(source).new_items == 2  # the exact repeat once, the reused GUID kept apart by its address


def test_items_dated_in_the_future_are_clamped_and_the_date_kept(server: FakeServer, source: Source) -> None:
    server.serve("/feed", rss(item("f1", "Gelecekten", date="Mon, 01 Jan 2035 10:00:00 +0300")).encode())
    poll(source)
    stored = Item.objects.get()
    assert stored.published_at == NOW
    assert stored.published_at_original == datetime.datetime(2035, 1, 1, 7, 0, tzinfo=datetime.UTC)


def test_scripts_and_event_handlers_never_reach_a_page_unescaped(
    server: FakeServer, source: Source, province, login
) -> None:
    Source.objects.filter(pk=source.pk).update(organization=province.directorate)
    WatchTerm.objects.create(name="Şehir Hastanesi", query="Şehir Hastanesi")
    server.serve("/feed", rss(item("x1", HOSTILE_TITLE, body=HOSTILE_BODY)).encode())
    poll(source)
    stored = Item.objects.get()
    assert "<img" not in stored.title and "onerror" not in stored.title
    for bad in ("<script", "onclick", "javascript:", "<iframe", "<style", "onload", "<svg"):
        assert bad not in stored.summary_html, bad
    client = login(province.staff)
    pages = [
        reverse("monitoring:story_list"),
        reverse("monitoring:story_detail", args=[stored.story_id]),
        reverse("monitoring:archive") + "?q=hastanesi",
        reverse("monitoring:source_detail", args=[source.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Şehir Hastanesi" in html, url
        for bad in ("alert(1)>", "<script>alert", "onclick=", "onerror=", "javascript:alert"):
            assert bad not in html, (url, bad)


def test_a_broken_source_never_stops_the_others(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(tasks.scheduling, "claim_host", lambda host: True)  # every source is on 127.0.0.1 here
    server.serve("/good", rss(item("ok1", "Sağlam kaynaktan haber")).encode())
    server.serve("/html", "<!DOCTYPE html><html><body>Bakımdayız</body></html>".encode(), content_type="text/html")
    server.serve("/broken", b"<?xml version='1.0'?><rss><channel><title>yar")
    server.serve(
        "/bomb", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><rss>&b;</rss>'
    )
    server.routes["/loop"] = lambda h: respond(h, 301, Location="/loop")
    server.routes["/down"] = lambda h: respond(h, 503, Retry_After="600")
    server.serve("/api/v1/timelines/tag/saglik", b"{not json", content_type="application/json")
    server.serve("/sitemap.xml", b"<urlset><url><loc>https://x.example/a-b-c-d</loc>", content_type="text/xml")
    bad = [
        SourceFactory(url=server.url(path), allowed_private=True)
        for path in ("/html", "/broken", "/bomb", "/loop", "/down")
    ]
    bad.append(
        SourceFactory(kind=Source.Kind.MASTODON, url=server.url(""), config={"tag": "saglik"}, allowed_private=True)
    )
    bad.append(SourceFactory(kind=Source.Kind.NEWS_SITEMAP, url=server.url("/sitemap.xml"), allowed_private=True))
    good = SourceFactory(url=server.url("/good"), allowed_private=True)
    now = timezone.now()
    Source.objects.update(next_check_at=now - datetime.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.poll_due_sources() == len(bad) + 1

    assert Item.objects.filter(source=good).count() == 1
    for source in bad:
        source.refresh_from_db()
        assert source.last_error and source.failure_count > 0, source.url
        assert source.next_check_at > now and source.is_active  # backed off, never dropped
    assert FetchLog.objects.filter(outcome="error").count() == len(bad)
