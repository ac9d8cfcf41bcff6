"""poll_sources: a batch fetched concurrently, politely per host, every source recorded, nothing dropped."""

import datetime
import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler
from unittest import mock

import pytest
from django.utils import timezone

from pressdesk.monitoring import fetching, polling, tasks
from pressdesk.monitoring.models import FetchLog, Item, Source
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer, respond
from pressdesk.monitoring.tests.test_poll_source_end_to_end import FIRST, rss

pytestmark = pytest.mark.django_db


def _source(server: FakeServer, path: str, **fields: object) -> Source:
    return SourceFactory(url=server.url(path), allowed_private=True, **fields)


def test_a_mixed_batch_is_recorded_source_by_source(server: FakeServer) -> None:
    server.serve("/new", rss(*FIRST), ETag='"v1"')

    @server.route("/same")
    def same(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v7"':
            respond(h, 304, ETag='"v7"')
        else:
            respond(h, 200, rss(*FIRST), ETag='"v7"')

    @server.route("/down")
    def down(h: BaseHTTPRequestHandler) -> None:
        respond(h, 503, Retry_After="600")

    server.serve("/html", b"<!DOCTYPE html><html><body>no feed</body></html>", content_type="text/html")
    new = _source(server, "/new")
    unchanged = _source(server, "/same", etag='"v7"')
    failing = _source(server, "/down")
    html = _source(server, "/html")
    inactive = _source(server, "/new", is_active=False)

    ids = [new.pk, unchanged.pk, failing.pk, html.pk, inactive.pk, 10**9]
    results = polling.poll_sources(source_ids=ids, engines=STUB_ENGINES, host_gap=0)

    assert results[new.pk] is not None and (results[new.pk].outcome, results[new.pk].new_items) == ("new", 2)
    assert results[unchanged.pk] is not None and results[unchanged.pk].outcome == "not_modified"
    assert results[failing.pk] is not None and results[failing.pk].outcome == "error"
    assert results[html.pk] is not None and results[html.pk].outcome == "error"
    assert results[inactive.pk] is None and results[10**9] is None
    assert Item.objects.filter(source=new).count() == 2
    failing.refresh_from_db()
    assert failing.last_status == 503 and failing.failure_count > 0
    assert failing.next_check_at >= timezone.now() + datetime.timedelta(seconds=590)  # Retry-After obeyed
    html.refresh_from_db()
    assert "HTML" in html.last_error
    assert FetchLog.objects.filter(source_id__in=[new.pk, unchanged.pk, failing.pk, html.pk]).count() == 4


def test_fetches_run_concurrently_but_politely_per_host(server: FakeServer) -> None:
    lock = threading.Lock()
    active = {"now": 0, "max": 0}
    starts: list[float] = []

    @server.route("/slow")
    def slow(h: BaseHTTPRequestHandler) -> None:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
            starts.append(time.monotonic())
        time.sleep(0.3)
        with lock:
            active["now"] -= 1
        respond(h, 200, rss(*FIRST))

    sources = [_source(server, "/slow") for _ in range(6)]
    results = polling.poll_sources(
        source_ids=[s.pk for s in sources], engines=STUB_ENGINES, per_host=2, host_gap=0.2, concurrency=8
    )
    assert all(result is not None and result.outcome in ("new", "unchanged") for result in results.values())
    assert active["max"] == 2, starts  # one host: never more than two at once, but two did overlap
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # The gap is kept between the client's starts; the server sees each request a little later, by a
    # scheduling delay that differs from one request to the next (12 ms once, on a busy CI machine).
    # Without the gap, the second fetch would arrive within a few milliseconds of the first.
    assert min(gaps) >= 0.15, gaps


def test_sources_not_started_before_the_deadline_are_released_not_dropped(server: FakeServer) -> None:
    server.serve("/feed", rss(*FIRST))
    sources = [_source(server, "/feed", next_check_at=timezone.now() + polling.CLAIM_LEASE) for _ in range(3)]
    results = polling.poll_sources(
        source_ids=[s.pk for s in sources], engines=STUB_ENGINES, deadline=time.monotonic() - 1
    )
    assert all(result is None for result in results.values())
    for source in sources:
        source.refresh_from_db()
        assert source.next_check_at <= timezone.now()  # due again at the next tick


def test_an_exception_in_a_fetch_thread_is_recorded_on_its_source(server: FakeServer) -> None:
    source = _source(server, "/feed")

    def exploding_fetch(url: str, **kwargs: object) -> fetching.FetchResult:
        raise RuntimeError("resolver crashed")

    results = polling.poll_sources(source_ids=[source.pk], fetch=exploding_fetch, engines=STUB_ENGINES)
    assert results[source.pk] is not None and results[source.pk].outcome == "error"
    source.refresh_from_db()
    assert "RuntimeError: resolver crashed" in source.last_error


def test_other_kinds_go_through_poll_source(server: FakeServer) -> None:
    other = _source(server, "/feed", kind=Source.Kind.WEB_PAGE)
    with mock.patch.object(polling, "poll_source", return_value=None) as single:
        polling.poll_sources(source_ids=[other.pk], engines=STUB_ENGINES)
    single.assert_called_once()
    assert single.call_args.kwargs["source_id"] == other.pk


def test_batch_task_reports_outcomes(server: FakeServer) -> None:
    server.serve("/feed", rss(*FIRST))
    source = _source(server, "/feed")
    assert tasks.poll_sources.delay([source.pk, 10**9]).get() == {"new": 1, "skipped": 1}
