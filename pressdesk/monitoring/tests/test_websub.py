"""WebSub against a fake hub on 127.0.0.1 (``pressdesk/testing/websub.py``) and the live callback.

Discovery on poll, subscription and the hub's verification, a signed push ingested once
(a redelivery is not duplicated), a badly signed push ignored, renewal before the lease
ends, and the lease's end sending the source back to polling.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from pressdesk.monitoring import polling, websub
from pressdesk.monitoring.models import Item, Source, StreamStatus, WebSubDelivery, WebSubSubscription
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.testing.websub import FakeHub, atom_feed

pytestmark = pytest.mark.django_db(transaction=True)

RSS = b"""<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Gazete</title><link>https://gazete.example/</link>
<atom:link rel="hub" href="https://pubsubhubbub.example/" />
<atom:link href="/rss.xml" rel="self" type="application/rss+xml"/>
<item><title>Bir</title><link>https://gazete.example/1</link></item></channel></rss>"""


def wait_for(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OperationalError:  # SQLite's shared test database while the live server writes
            pass
        time.sleep(0.05)
    return False


@pytest.fixture(autouse=True)
def no_triage_follow_up() -> Iterator[None]:
    """Sentiment and alert rules are triage's tests; here only what the push stores."""
    from pressdesk.monitoring import signals
    from pressdesk.triage import receivers

    signals.items_ingested.disconnect(dispatch_uid="triage.items_ingested")
    yield
    signals.items_ingested.connect(receivers.on_items_ingested, dispatch_uid="triage.items_ingested")


@pytest.fixture(autouse=True)
def _hubs_verify_once_maintain_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite the live server shares this thread's one connection: a hub that answers first, then
    verifies (the live server writing) while ``maintain()`` still writes, puts two threads' transactions
    on that connection. That failed one test and left the connection inside a transaction that never
    ended, so six later tests' on-commit work never ran (CI, 8 December 2026). Every open hub waits
    until ``maintain()`` returns, however it is called (the beat's task, an action's on-commit task).
    PostgreSQL gives each thread its own connection: there the real race is kept."""
    if connection.vendor != "sqlite":
        return
    maintain = websub.maintain

    def maintain_then_verify(**kwargs):  # type: ignore[no-untyped-def]
        with FakeHub.all_verifications_held():
            return maintain(**kwargs)

    monkeypatch.setattr(websub, "maintain", maintain_then_verify)


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    server = FakeHub(lease_seconds=120)
    yield server
    server.close()


def test_discovery_in_atom_and_rss() -> None:
    assert websub.discover(RSS, "https://gazete.example/rss") == (
        "https://pubsubhubbub.example/",
        "https://gazete.example/rss.xml",
    )
    body = atom_feed("https://yerel.example", [("urn:haber:1", "Bir")])
    assert websub.discover(body) == ("https://yerel.example/hub", "https://yerel.example/feed.xml")
    assert websub.discover(b"<rss><channel><atom:link rel='self' href='https://a.example/x'/></channel></rss>") == (
        "",
        "",
    )


def test_no_subscription_without_a_public_address(hub: FakeHub, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "auto"
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert not websub.enabled()
    settings.SITE_URL = "https://basin.example.gov.tr"
    assert websub.enabled()
    settings.SITE_URL = "http://127.0.0.1:8000"
    source = SourceFactory(url=hub.feed_url, allowed_private=True)
    polling.poll_source(source_id=source.pk)
    source.refresh_from_db()
    assert source.state["websub_hub"] == f"{hub.base}/hub"  # discovered all the same
    websub.maintain()
    assert hub.requests == []
    assert not WebSubSubscription.objects.exists()


def test_subscribe_verify_push_once_bad_signature_renewal_and_lapse(
    hub: FakeHub, live_server, settings, province
) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "on"
    settings.SITE_URL = live_server.url
    source = SourceFactory(url=hub.feed_url, allowed_private=True, organization=province.directorate)
    polling.poll_source(source_id=source.pk)
    assert Item.objects.filter(source=source).count() == 1
    source.refresh_from_db()
    assert source.state["websub_self"] == hub.feed_url

    websub.maintain()
    assert len(hub.requests) == 1
    request = hub.requests[0]
    assert request["hub.mode"] == "subscribe"
    assert request["hub.topic"] == hub.feed_url
    assert request["hub.callback"].startswith(f"{live_server.url}/monitoring/websub/")
    assert len(request["hub.secret"]) >= 32
    assert wait_for(lambda: hub.verified == [True])
    subscription = WebSubSubscription.objects.get(source=source)
    assert subscription.state == WebSubSubscription.State.VERIFIED
    assert subscription.is_live
    status = StreamStatus.objects.get(source=source)
    assert status.is_live
    source.refresh_from_db()
    assert source.next_check_at >= timezone.now() + datetime.timedelta(minutes=50)  # polling relaxed

    # A guessed token, or a verification nobody asked for, gets 404.
    client = Client()
    assert client.get("/monitoring/websub/guess/", {"hub.challenge": "x"}).status_code == 404
    params = {"hub.mode": "subscribe", "hub.topic": hub.feed_url, "hub.challenge": "abc"}
    assert client.get(f"/monitoring/websub/{subscription.token}/", params).status_code == 404  # none outstanding

    # A signed push is ingested once; the same body again adds nothing.
    hub.entries = [("urn:haber:2", "Acil servis yenilendi")]
    pushed = atom_feed(hub.base, hub.entries)
    assert hub.publish(pushed) == 202
    assert wait_for(lambda: Item.objects.filter(source=source).count() == 2)
    assert hub.publish(pushed, method="sha1") == 202
    assert wait_for(lambda: WebSubSubscription.objects.get(pk=subscription.pk).deliveries == 2)
    assert Item.objects.filter(source=source).count() == 2
    # A badly signed push is acknowledged and ignored.
    forged = atom_feed(hub.base, [("urn:haber:3", "Sahte haber")])
    assert hub.publish(forged, secret="yanlis") == 202
    assert Item.objects.filter(source=source).count() == 2
    assert WebSubSubscription.objects.get(pk=subscription.pk).bad_signatures == 1
    assert StreamStatus.objects.get(source=source).events == 2
    # The health page shows the subscription with the source's other push connections.
    client.force_login(province.staff)
    page = client.get("/monitoring/streams/").content.decode()
    assert "WebSub: Doğrulandı" in page
    assert "1 kötü imzalı gönderim yok sayıldı" in page

    # Renewal before the lease ends (the hub gave 120 s: renewed in the last 60 s).
    subscription.refresh_from_db()
    websub.maintain(now=subscription.expires_at - datetime.timedelta(seconds=90))
    assert len(hub.requests) == 1
    websub.maintain(now=subscription.expires_at - datetime.timedelta(seconds=30))
    assert len(hub.requests) == 2
    assert wait_for(lambda: hub.verified == [True, True])

    # The lease ends without renewal: back to polling at once.
    subscription.refresh_from_db()
    WebSubSubscription.objects.filter(pk=subscription.pk).update(
        next_attempt_at=subscription.expires_at + datetime.timedelta(hours=1)
    )
    later = subscription.expires_at + datetime.timedelta(seconds=1)
    websub.maintain(now=later)
    subscription.refresh_from_db()
    assert subscription.state == WebSubSubscription.State.EXPIRED
    status = StreamStatus.objects.get(source=source)
    assert status.state == StreamStatus.State.DISCONNECTED
    assert not status.is_live
    source.refresh_from_db()
    assert source.next_check_at <= timezone.now()


def test_a_hub_that_verifies_before_it_answers_finds_the_request(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "on"
    settings.SITE_URL = live_server.url
    server = FakeHub(verify_first=True)
    try:
        source = SourceFactory(url=server.feed_url, allowed_private=True)
        polling.poll_source(source_id=source.pk)
        websub.maintain()
        assert server.verified == [True]
        subscription = WebSubSubscription.objects.get(source=source)
        assert subscription.state == WebSubSubscription.State.VERIFIED
        assert subscription.requested_at is None
        assert StreamStatus.objects.get(source=source).state == StreamStatus.State.CONNECTED
    finally:
        server.close()


def test_refused_subscription_keeps_polling(hub: FakeHub, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "on"
    hub.accept_status = 400
    source = SourceFactory(url=hub.feed_url, allowed_private=True)
    polling.poll_source(source_id=source.pk)
    websub.maintain()
    subscription = WebSubSubscription.objects.get(source=source)
    assert subscription.state == WebSubSubscription.State.FAILED
    assert "400" in subscription.last_error
    assert StreamStatus.objects.get(source=source).state == StreamStatus.State.DISCONNECTED
    assert Source.objects.get(pk=source.pk).next_check_at <= timezone.now()
    websub.maintain()  # backed off: no second request at once
    assert len(hub.requests) == 1


def test_source_that_refuses_push_is_not_subscribed(hub: FakeHub, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "on"
    source = SourceFactory(url=hub.feed_url, allowed_private=True, config={"websub": False})
    polling.poll_source(source_id=source.pk)
    websub.maintain()
    assert hub.requests == []


def test_callback_refuses_an_oversized_push_and_unknown_tokens() -> None:
    client = Client()
    big = b"x" * (websub.MAX_BODY + 1)
    response = client.post("/monitoring/websub/any/", big, content_type="application/atom+xml")
    assert response.status_code == 413
    assert client.post("/monitoring/websub/any/", b"<feed/>", content_type="application/atom+xml").status_code == 404


# --- Unsubscription -------------------------------------------------------------------------


def _subscribed(server: FakeHub, live_server, settings, **source_fields) -> tuple[Source, WebSubSubscription]:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "on"
    settings.SITE_URL = live_server.url
    source = SourceFactory(url=server.feed_url, allowed_private=True, **source_fields)
    polling.poll_source(source_id=source.pk)
    websub.maintain()
    assert wait_for(lambda: server.verifications == [("subscribe", True)])
    subscription = WebSubSubscription.objects.get(source=source)
    assert subscription.state == WebSubSubscription.State.VERIFIED
    assert subscription.callback == server.requests[0]["hub.callback"]
    return source, subscription


@pytest.mark.parametrize("verify_first", [False, True], ids=["hub-answers-first", "hub-verifies-first"])
@pytest.mark.parametrize("why", ["deactivated", "deleted", "feed-without-hub", "no-public-address"])
def test_a_source_no_longer_followed_is_unsubscribed_and_later_pushes_are_ignored(
    why: str, verify_first: bool, live_server, settings
) -> None:  # type: ignore[no-untyped-def]
    server = FakeHub(lease_seconds=120, verify_first=verify_first)
    try:
        source, subscription = _subscribed(server, live_server, settings)
        if why == "deactivated":
            Source.objects.filter(pk=source.pk).update(is_active=False)
        elif why == "deleted":
            source.delete()
        elif why == "feed-without-hub":
            server.advertise_hub = False
            polling.poll_source(source_id=source.pk)
            assert "websub_hub" not in Source.objects.get(pk=source.pk).state
        else:
            settings.SITE_URL = "http://127.0.0.1:8000"  # the public address is gone (auto: not public)
            settings.MONITORING_WEBSUB = "auto"
        before = timezone.now()
        counts = websub.maintain()
        assert counts["unsubscribed"] == 1
        assert [r["hub.mode"] for r in server.requests] == ["subscribe", "unsubscribe"]
        asked = server.requests[1]
        assert asked["hub.topic"] == server.feed_url
        assert asked["hub.callback"] == subscription.callback  # the callback the hub knows, even after SITE_URL moved
        assert "hub.secret" not in asked
        # Verified by the hub (before or after it answered the request) and recorded.
        assert wait_for(lambda: server.verifications == [("subscribe", True), ("unsubscribe", True)])
        assert server.subscribers == {}
        assert wait_for(
            lambda: WebSubSubscription.objects.get(pk=subscription.pk).state == WebSubSubscription.State.CLOSED
        )
        subscription.refresh_from_db()
        assert subscription.source_id is None and subscription.closed_at is not None
        assert subscription.requested_at is None and subscription.expires_at is None
        assert not StreamStatus.objects.filter(source_id=source.pk).exists()
        if why in ("feed-without-hub", "no-public-address"):  # still followed: by polling, at once
            fallen_back = Source.objects.get(pk=source.pk)
            assert fallen_back.is_active and fallen_back.next_check_at <= timezone.now()
            assert not WebSubSubscription.objects.filter(source=fallen_back).exists()

        # A push after the unsubscription (a lagging hub) is refused and never stored.
        assert WebSubSubscription.objects.filter(pk=subscription.pk).exists()
        items = Item.objects.count()
        assert server.publish(atom_feed(server.base, [("urn:haber:9", "Geç gelen haber")])) == 410
        assert not WebSubDelivery.objects.exists()
        assert Item.objects.count() == items
        assert WebSubSubscription.objects.get(pk=subscription.pk).deliveries == 0
        # Nothing more is asked of the hub; a closed subscription is forgotten after a month.
        websub.maintain()
        assert len(server.requests) == 2
        websub.maintain(now=before + websub.CLOSED_KEPT + datetime.timedelta(minutes=1))
        assert not WebSubSubscription.objects.filter(pk=subscription.pk).exists()
    finally:
        server.close()


def test_an_unsolicited_unsubscribe_verification_is_refused(hub: FakeHub, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    source, subscription = _subscribed(hub, live_server, settings)
    # A hub (or anyone knowing the address) claims we asked to unsubscribe: we did not.
    assert hub.verify("unsubscribe") == 404
    subscription.refresh_from_db()
    assert subscription.state == WebSubSubscription.State.VERIFIED and subscription.source_id == source.pk
    assert StreamStatus.objects.get(source=source).is_live
    # Being unsubscribed, a subscribe verification, another topic or a second confirmation are refused too.
    Source.objects.filter(pk=source.pk).update(is_active=False)
    WebSubSubscription.objects.filter(pk=subscription.pk).update(next_attempt_at=None)
    hub.accept_status = 503  # the hub does not take the request: it is retried later
    websub.maintain()
    subscription.refresh_from_db()
    assert subscription.state == WebSubSubscription.State.CLOSING and subscription.requested_at is None
    assert subscription.attempts == 1 and "503" in subscription.last_error
    assert hub.verify("unsubscribe") == 404  # no request of ours outstanding
    WebSubSubscription.objects.filter(pk=subscription.pk).update(requested_at=timezone.now())
    assert hub.verify("subscribe") == 404
    assert hub.verify("unsubscribe", topic=f"{hub.base}/other.xml") == 404
    assert hub.verify("unsubscribe") == 200
    assert WebSubSubscription.objects.get(pk=subscription.pk).state == WebSubSubscription.State.CLOSED
    assert hub.verify("unsubscribe") == 404


def test_a_hub_that_never_takes_the_unsubscription_is_given_up(hub: FakeHub, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    source, subscription = _subscribed(hub, live_server, settings)
    Source.objects.filter(pk=source.pk).update(is_active=False)
    hub.accept_status = 500
    now = timezone.now()
    for _attempt in range(websub.UNSUBSCRIBE_ATTEMPTS):
        websub.maintain(now=now)
        now += datetime.timedelta(seconds=websub.MAX_BACKOFF)
    subscription.refresh_from_db()
    assert [r["hub.mode"] for r in hub.requests] == ["subscribe"] + ["unsubscribe"] * websub.UNSUBSCRIBE_ATTEMPTS
    assert subscription.state == WebSubSubscription.State.CLOSED and "500" in subscription.last_error
    websub.maintain(now=now)
    assert len(hub.requests) == 1 + websub.UNSUBSCRIBE_ATTEMPTS


def test_a_subscription_the_hub_never_held_is_closed_without_asking(hub: FakeHub, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_WEBSUB = "on"
    hub.accept_status = 400
    source = SourceFactory(url=hub.feed_url, allowed_private=True)
    polling.poll_source(source_id=source.pk)
    websub.maintain()
    Source.objects.filter(pk=source.pk).update(is_active=False)
    websub.maintain()
    subscription = WebSubSubscription.objects.get()
    assert subscription.state == WebSubSubscription.State.CLOSED and subscription.source_id is None
    assert [r["hub.mode"] for r in hub.requests] == ["subscribe"]


def test_turning_a_source_off_unsubscribes_at_once(hub: FakeHub, live_server, settings, province) -> None:  # type: ignore[no-untyped-def]
    from pressdesk.monitoring import actions

    source, subscription = _subscribed(hub, live_server, settings, organization=province.directorate)
    actions.set_source_active(actor=province.staff, source=source, active=False)  # queues maintain_websub
    assert wait_for(lambda: [r["hub.mode"] for r in hub.requests] == ["subscribe", "unsubscribe"])
    assert wait_for(lambda: hub.verifications[-1] == ("unsubscribe", True))
    assert WebSubSubscription.objects.get(pk=subscription.pk).state == WebSubSubscription.State.CLOSED
    assert not Source.objects.get(pk=source.pk).is_active


def test_a_feed_that_moves_its_topic_is_subscribed_anew_and_the_old_one_unsubscribed(
    request, live_server, settings
) -> None:  # type: ignore[no-untyped-def]
    # The hub verifies inside its answer: two verifications racing the beat's own writes would
    # meet SQLite's shared in-memory test database, which locks tables instead of waiting.
    hub = FakeHub(lease_seconds=120, verify_first=True)
    request.addfinalizer(hub.close)
    source, old = _subscribed(hub, live_server, settings)
    moved = f"{hub.base}/yeni-feed.xml"
    source.refresh_from_db()
    assert source.state["websub_hub"] == f"{hub.base}/hub"
    Source.objects.filter(pk=source.pk).update(state={**source.state, "websub_self": moved})
    websub.maintain()
    assert [(r["hub.mode"], r["hub.topic"]) for r in hub.requests] == [
        ("subscribe", hub.feed_url),
        ("subscribe", moved),
        ("unsubscribe", hub.feed_url),
    ]
    assert hub.verifications[1:] == [("subscribe", True), ("unsubscribe", True)]
    old.refresh_from_db()
    assert old.state == WebSubSubscription.State.CLOSED and old.source_id is None
    new = WebSubSubscription.objects.get(source=source)
    assert new.topic == moved and new.token != old.token and new.is_live
    assert hub.subscribers.keys() == {new.callback}
