"""A channel's server cannot make a worker read an endless or compressed-bomb answer."""

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    yield fake
    fake.close()


def _channel(province, url: str, kind: str = Channel.Kind.WEBHOOK) -> Channel:
    channel = Channel(
        organization=province.directorate, kind=kind, name="Yerel", base_url=url, allow_internal_host=True
    )
    channel.set_credentials({"secret": "imza-anahtari", "access_token": "belirtec"})
    channel.save()
    return channel


def _bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(bytes(MB)) for _ in range(size // MB)]
    return b"".join([*parts, compressor.flush()])


def _peak(call) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        call()
    except ChannelError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_an_endless_answer_to_a_webhook_is_cut_off(province, server: FakeServer) -> None:
    @server.route("/hook")
    def hook(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        for _ in range(40 * 16):
            h.wfile.write(b"x" * 65536)

    channel = _channel(province, server.url("/hook"))
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Duyuru"))
    assert not caught.value.retryable
    assert _peak(lambda: get_adapter(channel).publish(PostPayload(text="Duyuru"))) < 24 * MB


def test_a_gzip_bomb_answer_is_decoded_only_up_to_the_cap(province, server: FakeServer) -> None:
    server.serve("/hook", _bomb(100 * MB), content_type="application/json", Content_Encoding="gzip")
    channel = _channel(province, server.url("/hook"))
    with pytest.raises(ChannelError):
        get_adapter(channel).publish(PostPayload(text="Duyuru"))
    assert _peak(lambda: get_adapter(channel).publish(PostPayload(text="Duyuru"))) < 24 * MB


def test_a_stacked_encoding_fails_the_health_check_with_a_clear_message(province, server: FakeServer) -> None:
    server.serve(
        "/api/v1/accounts/verify_credentials",
        gzip.compress(gzip.compress(b'{"acct": "saglik"}')),
        content_type="application/json",
        Content_Encoding="gzip, gzip",
    )
    channel = _channel(province, server.url(""), kind=Channel.Kind.MASTODON)
    health = get_adapter(channel).check()
    assert not health.ok
    assert "kodlama" in health.message or "encoding" in health.message
