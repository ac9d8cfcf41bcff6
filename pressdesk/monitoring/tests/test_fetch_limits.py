"""fetching.fetch against real servers on 127.0.0.1 (allowed explicitly)."""

import time
from http.server import BaseHTTPRequestHandler

import pytest

from pressdesk.monitoring import fetching
from pressdesk.monitoring.tests.conftest import LOCAL
from pressdesk.monitoring.tests.servers import FakeServer, respond


def test_200_returns_body_hash_and_cache_headers(server: FakeServer) -> None:
    server.serve(
        "/feed",
        b"<rss/>",
        ETag='"v1"',
        Last_Modified="Sun, 22 Nov 2026 07:15:00 GMT",
        Cache_Control="public, max-age=600",
        Expires="Sun, 22 Nov 2026 08:15:00 GMT",
    )
    result = fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)
    assert result.status == 200
    assert result.body == b"<rss/>"
    assert len(result.sha256) == 64
    assert result.etag == '"v1"'
    assert result.last_modified == "Sun, 22 Nov 2026 07:15:00 GMT"
    assert result.max_age == 600
    assert result.expires is not None and result.expires.hour == 8
    assert server.requests[0]["headers"]["User-Agent"] == fetching.USER_AGENT


def test_conditional_get_returns_304(server: FakeServer) -> None:
    @server.route("/feed")
    def feed(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            respond(h, 304, ETag='"v1"')
        else:
            respond(h, 200, b"<rss/>", ETag='"v1"')

    result = fetching.fetch(server.url("/feed"), etag='"v1"', last_modified="x", allow_private_hosts=LOCAL)
    assert result.not_modified
    assert result.body == b""
    assert server.requests[0]["headers"]["If-Modified-Since"] == "x"


def test_loopback_is_refused_without_the_allow_list(server: FakeServer) -> None:
    server.serve("/feed", b"<rss/>")
    with pytest.raises(fetching.BlockedError):
        fetching.fetch(server.url("/feed"))
    assert server.requests == []


def test_slow_loris_body_is_cut_off_by_the_deadline(server: FakeServer) -> None:
    @server.route("/slow")
    def slow(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.05)

    started = time.monotonic()
    with pytest.raises(fetching.DeadlineExceededError):
        fetching.fetch(server.url("/slow"), allow_private_hosts=LOCAL, deadline=0.8)
    assert time.monotonic() - started < 1.5


def test_slow_loris_headers_are_cut_off_by_the_deadline(server: FakeServer) -> None:
    @server.route("/slow-headers")
    def slow(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(100):
            h.wfile.write(b"X-Pad-%d: y\r\n" % i)
            h.wfile.flush()
            time.sleep(0.05)

    started = time.monotonic()
    with pytest.raises(fetching.DeadlineExceededError):
        fetching.fetch(server.url("/slow-headers"), allow_private_hosts=LOCAL, deadline=0.8)
    assert time.monotonic() - started < 1.5


def test_50_mb_answer_without_length_is_abandoned(server: FakeServer) -> None:
    sent = []

    @server.route("/huge")
    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"x" * 65536
        for _ in range(50 * 16):
            h.wfile.write(chunk)
            sent.append(len(chunk))

    with pytest.raises(fetching.TooLargeError):
        fetching.fetch(server.url("/huge"), allow_private_hosts=LOCAL)


def test_50_mb_declared_length_is_refused_before_reading(server: FakeServer) -> None:
    @server.route("/huge")
    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"x" * 1024)

    with pytest.raises(fetching.TooLargeError, match="52428800"):
        fetching.fetch(server.url("/huge"), allow_private_hosts=LOCAL)


def test_redirect_loop_stops_after_five_hops(server: FakeServer) -> None:
    @server.route("/a")
    def a(h: BaseHTTPRequestHandler) -> None:
        respond(h, 302, Location="/b")

    @server.route("/b")
    def b(h: BaseHTTPRequestHandler) -> None:
        respond(h, 301, Location=server.url("/a"))

    with pytest.raises(fetching.TooManyRedirectsError):
        fetching.fetch(server.url("/a"), allow_private_hosts=LOCAL)
    assert len(server.requests) == 6


def test_redirects_are_followed_up_to_the_limit(server: FakeServer) -> None:
    server.serve("/final", b"ok")

    @server.route("/start")
    def start(h: BaseHTTPRequestHandler) -> None:
        respond(h, 307, Location="/final")

    result = fetching.fetch(server.url("/start"), allow_private_hosts=LOCAL)
    assert result.body == b"ok"
    assert result.url == server.url("/final")


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/"])
def test_redirect_to_an_internal_address_is_refused(server: FakeServer, target: str) -> None:
    @server.route("/feed")
    def feed(h: BaseHTTPRequestHandler) -> None:
        respond(h, 302, Location=target)

    with pytest.raises(fetching.BlockedError):
        fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)


def test_redirect_to_another_scheme_is_refused(server: FakeServer) -> None:
    @server.route("/feed")
    def feed(h: BaseHTTPRequestHandler) -> None:
        respond(h, 302, Location="file:///etc/passwd")

    with pytest.raises(fetching.BlockedError):
        fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)


def test_error_status_carries_retry_after_and_kind(server: FakeServer) -> None:
    @server.route("/busy")
    def busy(h: BaseHTTPRequestHandler) -> None:
        respond(h, 503, Retry_After="120")

    server.serve("/gone", b"")
    server.routes["/gone"] = lambda h: respond(h, 410)
    with pytest.raises(fetching.HTTPStatusError) as busy_error:
        fetching.fetch(server.url("/busy"), allow_private_hosts=LOCAL)
    assert busy_error.value.retry_after == 120
    assert busy_error.value.kind == "temporary"
    with pytest.raises(fetching.HTTPStatusError) as gone_error:
        fetching.fetch(server.url("/gone"), allow_private_hosts=LOCAL)
    assert gone_error.value.kind == "hard"


def test_connection_refused_is_a_temporary_error() -> None:
    with pytest.raises(fetching.ConnectionFailedError):
        fetching.fetch("http://127.0.0.1:9/", allow_private_hosts=LOCAL)


def test_retry_after_as_http_date() -> None:
    import datetime

    now = datetime.datetime(2026, 11, 22, 7, 0, tzinfo=datetime.UTC)
    assert fetching.parse_retry_after("Sun, 22 Nov 2026 07:05:00 GMT", now) == 300
    assert fetching.parse_retry_after("garbage", now) is None
    assert fetching.parse_max_age("no-cache, max-age=60") is None
    assert fetching.parse_max_age("s-maxage=5, max-age=60") == 60
