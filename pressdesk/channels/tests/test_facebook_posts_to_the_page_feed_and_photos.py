import json
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from pressdesk.channels.base import PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

GRAPH = "https://graph.facebook.com/v23.0"
TOKEN = "EAAB-page-token-secret"


@pytest.fixture
def channel(province):
    channel = Channel(organization=province.directorate, kind=Channel.Kind.FACEBOOK, name="Facebook", account_id="1234")
    channel.set_credentials({"access_token": TOKEN})
    channel.save()
    return channel


@respx.mock
def test_a_text_post_with_a_link_goes_to_the_feed_with_the_token_in_the_header(channel):
    route = respx.post(f"{GRAPH}/1234/feed").mock(return_value=httpx.Response(200, json={"id": "1234_999"}))

    result = get_adapter(channel).publish(PostPayload(text="Aşı haftası", link="https://basin.example/h/1"))

    request = route.calls.last.request
    assert parse_qs(request.content.decode()) == {"message": ["Aşı haftası"], "link": ["https://basin.example/h/1"]}
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in str(request.url)
    assert result.remote_id == "1234_999"
    assert result.url == "https://www.facebook.com/1234/posts/999"


@respx.mock
def test_one_photo_is_posted_to_photos_with_its_caption(channel, photo):
    route = respx.post(f"{GRAPH}/1234/photos").mock(
        return_value=httpx.Response(200, json={"id": "555", "post_id": "1234_777"})
    )

    result = get_adapter(channel).publish(PostPayload(text="Fotoğraflı haber", media=(photo,)))

    body = route.calls.last.request.content
    assert b'name="caption"' in body and "Fotoğraflı haber".encode() in body
    assert b'name="source"; filename="asi-haftasi.jpg"' in body
    assert result.remote_id == "1234_777"


@respx.mock
def test_several_photos_are_uploaded_unpublished_and_attached(channel, photo):
    photos = respx.post(f"{GRAPH}/1234/photos").mock(
        side_effect=[httpx.Response(200, json={"id": "p1"}), httpx.Response(200, json={"id": "p2"})]
    )
    feed = respx.post(f"{GRAPH}/1234/feed").mock(return_value=httpx.Response(200, json={"id": "1234_5"}))

    get_adapter(channel).publish(PostPayload(text="İki fotoğraf", media=(photo, photo)))

    assert photos.call_count == 2
    assert b'name="published"\r\n\r\nfalse' in photos.calls[0].request.content
    sent = parse_qs(feed.calls.last.request.content.decode())
    assert json.loads(sent["attached_media[0]"][0]) == {"media_fbid": "p1"}
    assert json.loads(sent["attached_media[1]"][0]) == {"media_fbid": "p2"}


@respx.mock
def test_edit_delete_and_health_check(channel):
    edit = respx.post(f"{GRAPH}/1234_5").mock(return_value=httpx.Response(200, json={"success": True}))
    delete = respx.delete(f"{GRAPH}/1234_5").mock(return_value=httpx.Response(200, json={"success": True}))
    respx.get(f"{GRAPH}/me").mock(return_value=httpx.Response(200, json={"id": "1234", "name": "İl Sağlık"}))

    get_adapter(channel).update("1234_5", PostPayload(text="Düzeltildi"))
    get_adapter(channel).delete("1234_5")
    health = get_adapter(channel).check()

    assert parse_qs(edit.calls.last.request.content.decode()) == {"message": ["Düzeltildi"]}
    assert delete.called
    assert health.ok and health.account == "İl Sağlık"


@respx.mock
def test_the_api_version_is_a_channel_option(channel):
    channel.options = {"api_version": "v24.0"}
    channel.save()
    route = respx.post("https://graph.facebook.com/v24.0/1234/feed").mock(
        return_value=httpx.Response(200, json={"id": "1234_1"})
    )
    get_adapter(channel).publish(PostPayload(text="Yeni sürüm"))
    assert route.called
