import hashlib
import hmac
import json

import httpx
import pytest
import respx

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

HOOK = "https://web.example.gov.tr/hooks/basin"
SECRET = "imza-anahtari-123"


@pytest.fixture
def channel(province):
    channel = Channel(organization=province.directorate, kind=Channel.Kind.WEBHOOK, name="Web", base_url=HOOK)
    channel.set_credentials({"secret": SECRET})
    channel.save()
    return channel


@respx.mock
def test_the_body_is_signed_with_hmac_sha256_and_the_receiver_id_is_kept(channel, photo):
    route = respx.post(HOOK).mock(return_value=httpx.Response(200, json={"id": "web-7", "url": "https://web/7"}))

    result = get_adapter(channel).publish(
        PostPayload(text="Metin", title="Başlık", html="<p>Metin</p>", media=(photo,), idempotency_key="pub-3-a")
    )

    request = route.calls.last.request
    timestamp = request.headers["X-Pressdesk-Timestamp"]
    expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + request.content, hashlib.sha256).hexdigest()
    assert request.headers["X-Pressdesk-Signature"] == f"sha256={expected}"
    assert request.headers["X-Pressdesk-Event"] == "publish"
    assert request.headers["Idempotency-Key"] == "pub-3-a"
    body = json.loads(request.content)
    assert body["title"] == "Başlık" and body["media"][0]["filename"] == "asi-haftasi.jpg"
    assert SECRET not in request.content.decode()
    assert (result.remote_id, result.url) == ("web-7", "https://web/7")


@respx.mock
def test_update_delete_and_ping(channel):
    route = respx.post(HOOK).mock(return_value=httpx.Response(204))
    get_adapter(channel).update("web-7", PostPayload(text="Yeni"))
    get_adapter(channel).delete("web-7")
    assert get_adapter(channel).check().ok
    events = [(c.request.headers["X-Pressdesk-Event"], json.loads(c.request.content).get("id")) for c in route.calls]
    assert events == [("update", "web-7"), ("delete", "web-7"), ("ping", None)]


@respx.mock
def test_a_server_error_is_retryable(channel):
    respx.post(HOOK).mock(return_value=httpx.Response(503, headers={"Retry-After": "60"}))
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.retryable and caught.value.retry_after == 60
