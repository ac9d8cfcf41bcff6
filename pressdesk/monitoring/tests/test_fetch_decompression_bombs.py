"""Compressed answers are decoded with an output cap: a gzip bomb never inflates past the limit."""

import datetime
import gzip
import tracemalloc
import zlib

import pytest

from pressdesk.monitoring import fetching, polling
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.tests.conftest import LOCAL
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer

MB = 1024 * 1024


def gzip_of_zeros(size: int) -> bytes:
    """``size`` zero bytes gzipped, built a megabyte at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(size // MB)]
    parts.append(compressor.compress(bytes(size % MB)))
    parts.append(compressor.flush())
    return b"".join(parts)


def peak_memory_of(call) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        call()
    except fetching.FetchError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_gzip_of_gzip_is_refused_with_a_clear_error_and_bounded_memory(server: FakeServer) -> None:
    bomb = gzip.compress(gzip_of_zeros(100 * MB))
    assert len(bomb) < 10_000
    server.serve("/feed", bomb, Content_Encoding="gzip, gzip")
    with pytest.raises(fetching.EncodingRefusedError, match="only one content encoding"):
        fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)
    assert peak_memory_of(lambda: fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)) < 20 * MB


def test_stacked_encoding_in_two_headers_is_refused(server: FakeServer) -> None:
    @server.route("/feed")
    def feed(h) -> None:  # type: ignore[no-untyped-def]
        body = gzip.compress(gzip.compress(b"<rss/>"))
        h.send_response(200)
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    with pytest.raises(fetching.EncodingRefusedError):
        fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)


def test_single_gzip_inflating_past_the_limit_stops_at_the_limit(server: FakeServer) -> None:
    server.serve("/feed", gzip_of_zeros(100 * MB), Content_Encoding="gzip")
    with pytest.raises(fetching.TooLargeError):
        fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)
    assert peak_memory_of(lambda: fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)) < 32 * MB


def test_10_mb_when_inflated_gzip_is_refused_and_a_smaller_one_is_decoded(server: FakeServer) -> None:
    server.serve("/big", gzip_of_zeros(fetching.MAX_BYTES + 1), Content_Encoding="gzip")
    server.serve("/ok", gzip.compress(b"<rss>" + b"a" * 100_000 + b"</rss>"), Content_Encoding="gzip")
    server.serve("/deflate", zlib.compress(b"<rss/>"), Content_Encoding="deflate")
    with pytest.raises(fetching.TooLargeError):
        fetching.fetch(server.url("/big"), allow_private_hosts=LOCAL)
    assert fetching.fetch(server.url("/ok"), allow_private_hosts=LOCAL).body.startswith(b"<rss>aaaa")
    assert fetching.fetch(server.url("/deflate"), allow_private_hosts=LOCAL).body == b"<rss/>"


def test_an_encoding_we_did_not_offer_is_refused(server: FakeServer) -> None:
    server.serve("/feed", b"\x00\x01", Content_Encoding="compress")
    with pytest.raises(fetching.EncodingRefusedError):
        fetching.fetch(server.url("/feed"), allow_private_hosts=LOCAL)
    assert "br" not in server.requests[0]["headers"]["Accept-Encoding"]


@pytest.mark.django_db
def test_the_refused_encoding_is_recorded_on_the_source(server: FakeServer) -> None:
    source = SourceFactory(url=server.url("/feed"), allowed_private=True)
    server.serve("/feed", gzip.compress(gzip.compress(b"<rss/>")), Content_Encoding="gzip, gzip")
    now = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)
    polling.poll_source(source_id=source.pk, now=now, engines=STUB_ENGINES)
    source = Source.objects.get(pk=source.pk)
    assert "only one content encoding" in source.last_error
    assert source.failure_count > 0
