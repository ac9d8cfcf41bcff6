"""poll_source against a feed served on 127.0.0.1: store, deduplicate, 304, errors recorded."""

import datetime
from http.server import BaseHTTPRequestHandler

import pytest

from pressdesk.monitoring import ingest, polling
from pressdesk.monitoring.models import FetchLog, Item, ItemMatch, Source, Story, WatchTerm
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer, respond

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><link>https://gazete.example/{guid}?utm_source=rss</link>"
        f"<title>{title}</title><description><![CDATA[{text}]]></description>"
        f"<pubDate>22 Kasım 2026 10:15</pubDate></item>"
        for guid, title, text in items
    )
    head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>G</title>'
    return f"{head}{body}</channel></rss>".encode()


FIRST = [
    ("a1", "Şehir Hastanesi'nde yeni bölüm", "<p>KOCAELİ Şehir Hastanesi yeni bölüm açtı.</p><script>x()</script>"),
    ("a2", "Belediye haberi", "<p onclick='x()'>Yol çalışması.</p>"),
]
SECOND = [
    *FIRST,
    ("a3", "Hastane yeni bölüm açtı (ajans)", "<p>KOCAELİ Şehir Hastanesi yeni bölüm açtı.</p>"),
]


@pytest.fixture
def source(server: FakeServer) -> Source:
    return SourceFactory(url=server.url("/feed"), allowed_private=True)


def poll(source: Source, now: datetime.datetime = NOW) -> polling.PollResult:
    result = polling.poll_source(source_id=source.pk, now=now, engines=STUB_ENGINES)
    assert result is not None
    return result


def test_feed_is_stored_matched_and_grouped_and_not_stored_twice(server: FakeServer, source: Source) -> None:
    term = WatchTerm.objects.create(name="Hastane", query="hastane")
    server.serve("/feed", rss(*FIRST))

    first = poll(source)
    assert (first.outcome, first.new_items) == ("new", 2)
    item = Item.objects.get(guid="a1")
    assert item.url == "https://gazete.example/a1"
    assert item.original_url == "https://gazete.example/a1?utm_source=rss"
    assert "<script" not in item.summary_html and "onclick" not in item.summary_html
    assert item.matched and not Item.objects.get(guid="a2").matched
    match = ItemMatch.objects.get(item=item, term=term, field="title")
    assert match.spans == [[6, 13, "Hastane"]]
    assert item.published_at == datetime.datetime(2026, 11, 22, 7, 15, tzinfo=datetime.UTC)

    # Second poll: a changed feed with one new agency copy of the first story.
    server.serve("/feed", rss(*SECOND))
    second = poll(source, NOW + datetime.timedelta(minutes=20))
    assert (second.outcome, second.new_items) == ("new", 1)
    assert Item.objects.count() == 3
    copy = Item.objects.get(guid="a3")
    assert copy.story_id == item.story_id
    assert Story.objects.get(pk=item.story_id).item_count == 2

    # Third poll of the very same body: unchanged by hash, nothing parsed.
    third = poll(source, NOW + datetime.timedelta(minutes=40))
    assert (third.outcome, third.new_items) == ("unchanged", 0)
    assert Item.objects.count() == 3

    source.refresh_from_db()
    assert source.failure_count == 0
    assert source.last_new_item_at == NOW + datetime.timedelta(minutes=20)
    assert source.next_check_at > NOW + datetime.timedelta(minutes=40)
    assert list(FetchLog.objects.order_by("started_at").values_list("outcome", flat=True)) == [
        "new",
        "new",
        "unchanged",
    ]


def test_same_title_under_a_new_address_within_a_week_is_a_duplicate(server: FakeServer, source: Source) -> None:
    server.serve("/feed", rss(("b1", "Aynı başlık", "metin")))
    poll(source)
    server.serve("/feed", rss(("b2", "AYNI BAŞLIK", "metin başka")))
    assert poll(source, NOW + datetime.timedelta(days=1)).new_items == 0
    server.serve("/feed", rss(("b3", "aynı başlık", "metin üçüncü")))
    assert poll(source, NOW + datetime.timedelta(days=9)).new_items == 1


def test_duplicate_guids_in_one_feed_are_kept_apart_by_url(server: FakeServer, source: Source) -> None:
    body = rss(("dup", "Birinci", "x"), ("dup", "İkinci", "y")).replace(b"dup?utm", b"dup-1?utm", 1)
    server.serve("/feed", body)
    assert poll(source).new_items == 2


def test_not_modified_keeps_validators_and_stores_nothing(server: FakeServer, source: Source) -> None:
    @server.route("/feed")
    def feed(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            respond(h, 304)
        else:
            respond(h, 200, rss(*FIRST), ETag='"v1"', Content_Type="application/rss+xml")

    poll(source)
    result = poll(source, NOW + datetime.timedelta(minutes=20))
    assert result.outcome == "not_modified"
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert Item.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"<!DOCTYPE html><html><body>Hata</body></html>", "HTML page"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><title>&a;</title></channel></rss>',
            "unsafe",
        ),
        (b"<?xml version='1.0'?><notafeed/>", "not a readable feed"),
    ],
)
def test_broken_feed_is_recorded_on_the_source(server: FakeServer, source: Source, body: bytes, error: str) -> None:
    server.serve("/feed", body)
    result = poll(source)
    assert result.outcome == "error"
    source.refresh_from_db()
    assert error in source.last_error
    assert source.failure_count == 1
    assert source.next_check_at >= NOW + datetime.timedelta(seconds=source.poll_interval)
    log = FetchLog.objects.get(source=source)
    assert log.outcome == "error" and error in log.error and log.status_code == 200


def test_failures_accumulate_and_back_off(server: FakeServer, source: Source) -> None:
    server.routes["/feed"] = lambda h: respond(h, 500)
    poll(source)
    poll(source)
    source.refresh_from_db()
    assert source.failure_count == 1.0  # two soft failures
    assert source.last_status == 500
    server.routes["/feed"] = lambda h: respond(h, 429, Retry_After="7200")
    poll(source)
    source.refresh_from_db()
    assert source.next_check_at == NOW + datetime.timedelta(seconds=7200)


def test_internal_address_is_refused_unless_allowed(server: FakeServer) -> None:
    server.serve("/feed", rss(*FIRST))
    source = SourceFactory(url=server.url("/feed"), allowed_private=False)
    result = poll(source)
    assert result.outcome == "error" and "internal address" in result.error
    assert server.requests == []


def test_unexpected_exception_is_recorded_not_raised(server: FakeServer, source: Source) -> None:
    server.serve("/feed", rss(*FIRST))

    def broken_factory() -> object:
        raise RuntimeError("index down")

    engines = ingest.Engines(
        matcher_factory=STUB_ENGINES.matcher_factory, index_factory=broken_factory, signature=STUB_ENGINES.signature
    )  # type: ignore[arg-type]
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=engines)
    assert result is not None and result.outcome == "error"
    assert Item.objects.count() == 0  # the batch was rolled back
    source.refresh_from_db()
    assert "RuntimeError: index down" in source.last_error


def test_deleted_or_inactive_source_is_ignored(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(is_active=False)
    assert polling.poll_source(source_id=source.pk) is None
    assert polling.poll_source(source_id=10**9) is None
