from dataclasses import replace
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

GRAPH = "https://graph.facebook.com/v23.0"


@pytest.fixture
def channel(province):
    channel = Channel(
        organization=province.directorate, kind=Channel.Kind.INSTAGRAM, name="Instagram", account_id="1789"
    )
    channel.set_credentials({"access_token": "IG-token"})
    channel.save()
    return channel


@pytest.fixture
def public_photo(photo):
    return replace(photo, url="https://basin.example/media/asi.jpg")


def _quota(usage=0, total=100):
    return httpx.Response(200, json={"data": [{"quota_usage": usage, "config": {"quota_total": total}}]})


@respx.mock
def test_one_photo_becomes_a_container_then_a_published_media(channel, public_photo):
    respx.get(f"{GRAPH}/1789/content_publishing_limit").mock(return_value=_quota())
    container = respx.post(f"{GRAPH}/1789/media").mock(return_value=httpx.Response(200, json={"id": "c1"}))
    respx.get(f"{GRAPH}/c1").mock(return_value=httpx.Response(200, json={"status_code": "FINISHED"}))
    publish = respx.post(f"{GRAPH}/1789/media_publish").mock(return_value=httpx.Response(200, json={"id": "m1"}))
    respx.get(f"{GRAPH}/m1").mock(
        return_value=httpx.Response(200, json={"permalink": "https://www.instagram.com/p/abc/"})
    )

    result = get_adapter(channel).publish(PostPayload(text="Aşı haftası #sağlık", media=(public_photo,)))

    sent = parse_qs(container.calls.last.request.content.decode())
    assert sent["image_url"] == ["https://basin.example/media/asi.jpg"]
    assert sent["caption"] == ["Aşı haftası #sağlık"]
    assert parse_qs(publish.calls.last.request.content.decode()) == {"creation_id": ["c1"]}
    assert result.remote_id == "m1"
    assert result.url == "https://www.instagram.com/p/abc/"


@respx.mock
def test_several_photos_make_a_carousel(channel, public_photo):
    respx.get(f"{GRAPH}/1789/content_publishing_limit").mock(return_value=_quota())
    containers = respx.post(f"{GRAPH}/1789/media").mock(
        side_effect=[httpx.Response(200, json={"id": cid}) for cid in ("k1", "k2", "parent")]
    )
    respx.get(path__regex=r"^/v23.0/(k1|k2|parent)$").mock(
        return_value=httpx.Response(200, json={"status_code": "FINISHED"})
    )
    respx.post(f"{GRAPH}/1789/media_publish").mock(return_value=httpx.Response(200, json={"id": "m2"}))
    respx.get(f"{GRAPH}/m2").mock(return_value=httpx.Response(200, json={"permalink": ""}))

    get_adapter(channel).publish(PostPayload(text="Galeri", media=(public_photo, public_photo)))

    parent = parse_qs(containers.calls[2].request.content.decode())
    assert parent["media_type"] == ["CAROUSEL"]
    assert parent["children"] == ["k1,k2"]


@respx.mock
def test_the_daily_publishing_limit_is_respected(channel, public_photo):
    respx.get(f"{GRAPH}/1789/content_publishing_limit").mock(return_value=_quota(usage=100, total=100))
    container = respx.post(f"{GRAPH}/1789/media")

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x", media=(public_photo,)))

    assert caught.value.retryable is True
    assert not container.called


def test_a_photo_without_a_public_address_is_refused_clearly(channel, photo):
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x", media=(photo,)))
    assert not caught.value.retryable
    assert "adres" in caught.value.message


def test_instagram_cannot_delete(channel):
    with pytest.raises(ChannelError):
        get_adapter(channel).delete("m1")
