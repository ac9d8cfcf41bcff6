"""Push sources: Mastodon streaming (SSE) and Bluesky Jetstream (WebSocket) against fake servers on 127.0.0.1.

Posts flow into the same ingest as polled ones; malformed events and dropped
connections are counted, never fatal; while a stream is down its source is due
for polling again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django.db import OperationalError
from django.utils import timezone

from pressdesk.monitoring import streaming
from pressdesk.monitoring.models import Item, Source, StreamStatus, WatchTerm
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.testing.streams import FakeJetstream, FakeMastodonStreaming, jetstream_post, mastodon_status

pytestmark = pytest.mark.django_db(transaction=True)

DID = "did:plc:abcdefghijklmnopqrstuvwx"


def wait_for(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OperationalError:  # SQLite's shared in-memory test database: the consumer is writing
            pass
        time.sleep(0.05)
    return False


@pytest.fixture(autouse=True)
def no_triage_follow_up() -> Iterator[None]:
    """Sentiment and alert rules are triage's tests; here only what the stream stores."""
    from pressdesk.monitoring import signals
    from pressdesk.triage import receivers

    signals.items_ingested.disconnect(dispatch_uid="triage.items_ingested")
    yield
    signals.items_ingested.connect(receivers.on_items_ingested, dispatch_uid="triage.items_ingested")


@pytest.fixture
def mastodon_server() -> Iterator[FakeMastodonStreaming]:
    server = FakeMastodonStreaming()
    yield server
    server.close()


@pytest.fixture
def jetstream() -> Iterator[FakeJetstream]:
    server = FakeJetstream()
    yield server
    server.close()


def run(consumer: streaming.Consumer) -> threading.Thread:
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    return thread


def stop(consumer: streaming.Consumer, thread: threading.Thread) -> None:
    consumer.stop.set()
    consumer.close()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_mastodon_hashtag_stream_feeds_ingest_and_survives_malformed_events_and_drops(
    mastodon_server: FakeMastodonStreaming,
) -> None:
    WatchTerm.objects.create(name="Aşı", query="aşı")
    source = SourceFactory(
        kind=Source.Kind.MASTODON, url=mastodon_server.url, config={"tag": "saglik"}, allowed_private=True
    )
    consumer = streaming.MastodonConsumer(source, allow=("127.0.0.1",), engines=STUB_ENGINES)
    thread = run(consumer)
    try:
        assert mastodon_server.wait_connected()
        assert mastodon_server.requests[0] == "/api/v1/streaming/hashtag?tag=saglik"
        assert wait_for(lambda: StreamStatus.objects.filter(source=source, state="connected").exists())
        source.refresh_from_db()
        assert source.next_check_at > timezone.now() + timezone.timedelta(seconds=60)  # the poller leaves it alone

        mastodon_server.push_malformed()
        mastodon_server.push(mastodon_status(101, "Aşı kampanyası başladı"))
        assert wait_for(lambda: Item.objects.filter(source=source).count() == 1)
        item = Item.objects.get(source=source)
        assert item.guid == "https://ornek.social/users/saglik/statuses/101"
        assert item.matched
        assert wait_for(lambda: StreamStatus.objects.get(source=source).malformed == 1)

        # The same status again (a replay, or the poller found it first): stored once.
        mastodon_server.push(mastodon_status(101, "Aşı kampanyası başladı"))
        mastodon_server.push(mastodon_status(102, "İkinci gönderi"))
        assert wait_for(lambda: Item.objects.filter(source=source).count() == 2)

        mastodon_server.drop()
        assert wait_for(lambda: StreamStatus.objects.get(source=source).disconnects >= 1)
        assert wait_for(lambda: len(mastodon_server.requests) >= 2, timeout=15)  # reconnected after a back-off
        assert wait_for(lambda: StreamStatus.objects.get(source=source).state == "connected")
        mastodon_server.push(mastodon_status(103, "Bağlantı geri geldi"))
        assert wait_for(lambda: Item.objects.filter(source=source).count() == 3)
    finally:
        stop(consumer, thread)
    status = StreamStatus.objects.get(source=source)
    assert status.state == "stopped"
    assert status.events >= 4
    source.refresh_from_db()
    assert source.next_check_at <= timezone.now()  # polling takes over


def test_a_refused_stream_is_recorded_and_the_source_polled(mastodon_server: FakeMastodonStreaming) -> None:
    mastodon_server.refuse_status = 401
    source = SourceFactory(kind=Source.Kind.MASTODON, url=mastodon_server.url, config={"account": "saglik"})
    consumer = streaming.MastodonConsumer(source, allow=("127.0.0.1",), engines=STUB_ENGINES)
    thread = run(consumer)
    try:
        assert wait_for(lambda: StreamStatus.objects.filter(source=source, state="disconnected").exists())
    finally:
        stop(consumer, thread)
    status = StreamStatus.objects.get(source=source)
    assert "token" in status.last_error
    assert mastodon_server.requests[0] == "/api/v1/streaming/public/local"


def test_jetstream_follows_accounts_by_did_and_searches_by_query(jetstream: FakeJetstream) -> None:
    followed = SourceFactory(kind=Source.Kind.BLUESKY, url="", config={"actor": "kurum.bsky.social", "did": DID})
    search = SourceFactory(kind=Source.Kind.BLUESKY, url="", config={"query": "şehir hastanesi"})
    consumer = streaming.JetstreamConsumer(
        [followed, search], url=jetstream.url, allow=("127.0.0.1",), engines=STUB_ENGINES
    )
    thread = run(consumer)
    try:
        assert jetstream.wait_connected()
        assert jetstream.wanted(0)["wantedCollections"] == ["app.bsky.feed.post"]
        jetstream.push_raw("{bozuk json")
        jetstream.push_raw("[1, 2]")
        jetstream.push(jetstream_post(DID, "3kaaa", "Kurumdan duyuru"))
        jetstream.push(jetstream_post("did:plc:zzzzzzzzzzzzzzzzzzzzzzzz", "3kbbb", "Şehir Hastanesi'nde yeni bölüm"))
        jetstream.push(jetstream_post("did:plc:yyyyyyyyyyyyyyyyyyyyyyyy", "3kccc", "Başka bir konu"))
        jetstream.push({"did": DID, "time_us": 1, "kind": "identity", "identity": {}})
        assert wait_for(lambda: Item.objects.count() == 2)
        assert Item.objects.get(source=followed).guid == f"at://{DID}/app.bsky.feed.post/3kaaa"
        assert Item.objects.get(source=search).url.endswith("/post/3kbbb")
        assert wait_for(lambda: StreamStatus.objects.get(source=followed).malformed == 2)

        jetstream.drop()
        assert wait_for(lambda: len(jetstream.requests) >= 2, timeout=15)
        assert "cursor" in jetstream.wanted(-1)  # replays from just before the drop
    finally:
        stop(consumer, thread)


def test_jetstream_with_only_followed_accounts_is_filtered_by_the_server(jetstream: FakeJetstream) -> None:
    followed = SourceFactory(kind=Source.Kind.BLUESKY, url="", config={"actor": DID})
    consumer = streaming.JetstreamConsumer([followed], url=jetstream.url, allow=("127.0.0.1",), engines=STUB_ENGINES)
    assert "wantedDids=did%3Aplc%3A" in consumer.stream_url()


def test_websocket_refuses_internal_addresses_unless_allowed() -> None:
    with pytest.raises(streaming.StreamError):
        streaming.WebSocket.connect("ws://127.0.0.1:9/subscribe")
    with pytest.raises(streaming.StreamError):
        streaming.WebSocket.connect("http://127.0.0.1:9/subscribe", allow=("127.0.0.1",))


def test_sse_parser_reads_events_and_skips_comments() -> None:
    lines = iter([":thump", "event: update", 'data: {"a":', "data: 1}", "", "event: delete", "data: 5", ""])
    events = list(streaming.parse_sse(lines))
    assert [(event.event, event.data) for event in events] == [("update", '{"a":\n1}'), ("delete", "5")]
