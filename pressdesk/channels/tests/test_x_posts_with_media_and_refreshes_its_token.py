import json
import time
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

API = "https://api.x.com"


@pytest.fixture
def channel(province):
    channel = Channel(organization=province.directorate, kind=Channel.Kind.X, name="X", account_id="client-1")
    channel.set_credentials({"access_token": "x-access-old"})
    channel.save()
    return channel


@respx.mock
def test_a_photo_is_uploaded_then_the_post_refers_to_it(channel, photo):
    upload = respx.post(f"{API}/2/media/upload").mock(return_value=httpx.Response(200, json={"data": {"id": "77"}}))
    alt = respx.post(f"{API}/2/media/metadata").mock(return_value=httpx.Response(200, json={"data": {}}))
    tweet = respx.post(f"{API}/2/tweets").mock(
        return_value=httpx.Response(201, json={"data": {"id": "1800", "text": "Aşı"}})
    )

    result = get_adapter(channel).publish(PostPayload(text="Aşı", media=(photo,)))

    assert b'name="media_category"\r\n\r\ntweet_image' in upload.calls.last.request.content
    assert json.loads(alt.calls.last.request.content)["metadata"]["alt_text"]["text"] == "Aşı standı"
    assert json.loads(tweet.calls.last.request.content) == {"text": "Aşı", "media": {"media_ids": ["77"]}}
    assert tweet.calls.last.request.headers["Authorization"] == "Bearer x-access-old"
    assert result.remote_id == "1800"
    assert result.url == "https://x.com/i/web/status/1800"


@respx.mock
def test_a_refresh_token_is_used_and_the_rotated_pair_is_stored_encrypted(channel):
    channel.set_credentials({"access_token": "x-access-old", "refresh_token": "refresh-1"})
    channel.save()
    token = respx.post(f"{API}/2/oauth2/token").mock(
        return_value=httpx.Response(200, json={"access_token": "x-access-new", "refresh_token": "refresh-2"})
    )
    tweet = respx.post(f"{API}/2/tweets").mock(return_value=httpx.Response(201, json={"data": {"id": "1"}}))

    get_adapter(channel).publish(PostPayload(text="Yeni anahtar"))

    assert parse_qs(token.calls.last.request.content.decode()) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["refresh-1"],
        "client_id": ["client-1"],
    }
    assert tweet.calls.last.request.headers["Authorization"] == "Bearer x-access-new"
    channel.refresh_from_db()
    assert channel.get_credentials() == {"access_token": "x-access-new", "refresh_token": "refresh-2"}
    assert "refresh-2" not in channel.credentials_encrypted


@respx.mock
def test_429_waits_until_the_rate_limit_resets(channel):
    reset = int(time.time()) + 900
    respx.post(f"{API}/2/tweets").mock(
        return_value=httpx.Response(
            429, json={"title": "Too Many Requests", "status": 429}, headers={"x-rate-limit-reset": str(reset)}
        )
    )
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.retryable
    assert 880 <= (caught.value.retry_after or 0) <= 900


@respx.mock
def test_a_duplicate_post_is_refused_without_blaming_the_token(channel):
    respx.post(f"{API}/2/tweets").mock(
        return_value=httpx.Response(
            403, json={"detail": "You are not allowed to create a Tweet with duplicate content.", "status": 403}
        )
    )
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert not caught.value.token_invalid and not caught.value.retryable


@respx.mock
def test_a_revoked_refresh_token_is_a_refused_token(channel):
    channel.set_credentials({"access_token": "a", "refresh_token": "used"})
    channel.save()
    respx.post(f"{API}/2/oauth2/token").mock(
        return_value=httpx.Response(
            400, json={"error": "invalid_request", "error_description": "Value passed for the token was invalid."}
        )
    )
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.token_invalid


@respx.mock
def test_delete_and_check(channel):
    delete = respx.delete(f"{API}/2/tweets/1800").mock(
        return_value=httpx.Response(200, json={"data": {"deleted": True}})
    )
    respx.get(f"{API}/2/users/me").mock(
        return_value=httpx.Response(200, json={"data": {"id": "9", "username": "saglik"}})
    )
    get_adapter(channel).delete("1800")
    assert delete.called
    assert get_adapter(channel).check().account == "saglik"
