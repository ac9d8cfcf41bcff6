import json
from urllib.parse import parse_qs

import httpx
import pytest
import respx
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pressdesk.channels.base import ChannelError, MediaFile, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

API = "https://www.googleapis.com"
SESSION = f"{API}/upload/youtube/v3/videos?uploadType=resumable&upload_id=xyz"


@pytest.fixture
def channel(province):
    channel = Channel(
        organization=province.directorate, kind=Channel.Kind.YOUTUBE, name="YouTube", account_id="cid.apps"
    )
    channel.set_credentials({"client_secret": "cs-secret", "refresh_token": "1//refresh"})
    channel.save()
    return channel


@pytest.fixture
def video() -> MediaFile:
    name = default_storage.save("channels-test/tanitim.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 1000))
    return MediaFile(name=name, content_type="video/mp4")


def _token():
    return respx.post("https://oauth2.googleapis.com/token").mock(
        return_value=httpx.Response(200, json={"access_token": "ya29.access", "expires_in": 3599})
    )


@respx.mock
def test_a_video_is_uploaded_through_a_resumable_session(channel, video):
    token = _token()
    start = respx.post(f"{API}/upload/youtube/v3/videos").mock(
        return_value=httpx.Response(200, headers={"Location": SESSION})
    )
    put = respx.put(SESSION).mock(return_value=httpx.Response(200, json={"id": "dQw4", "status": {}}))

    result = get_adapter(channel).publish(
        PostPayload(text="Tanıtım filmi", title="Sağlık Haftası", link="https://basin.example/h/1", media=(video,))
    )

    assert parse_qs(token.calls.last.request.content.decode())["grant_type"] == ["refresh_token"]
    session = start.calls.last.request
    assert session.url.params["uploadType"] == "resumable"
    assert session.headers["X-Upload-Content-Length"] == str(video.size())
    metadata = json.loads(session.content)
    assert metadata["snippet"]["title"] == "Sağlık Haftası"
    assert metadata["snippet"]["description"].endswith("https://basin.example/h/1")
    assert metadata["status"]["privacyStatus"] == "private"
    assert put.calls.last.request.content == video.read_bytes()
    assert result.url == "https://www.youtube.com/watch?v=dQw4"


def test_a_post_without_a_video_file_is_refused_clearly(channel, photo):
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x", media=(photo,), video_url="https://youtu.be/x"))
    assert not caught.value.retryable


@respx.mock
def test_quota_exceeded_waits_for_the_daily_reset(channel, video):
    _token()
    respx.post(f"{API}/upload/youtube/v3/videos").mock(
        return_value=httpx.Response(
            403,
            json={"error": {"code": 403, "message": "quota", "errors": [{"reason": "quotaExceeded"}]}},
        )
    )
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x", media=(video,)))
    assert caught.value.retryable and not caught.value.token_invalid
    assert 0 < (caught.value.retry_after or 0) <= 24 * 3600


@respx.mock
def test_a_withdrawn_consent_is_a_refused_token(channel):
    respx.post("https://oauth2.googleapis.com/token").mock(
        return_value=httpx.Response(
            400, json={"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
        )
    )
    health = get_adapter(channel).check()
    assert not health.ok and health.token_invalid


@respx.mock
def test_edit_delete_and_check(channel):
    _token()
    edit = respx.put(f"{API}/youtube/v3/videos").mock(return_value=httpx.Response(200, json={"id": "dQw4"}))
    delete = respx.delete(f"{API}/youtube/v3/videos").mock(return_value=httpx.Response(204))
    respx.get(f"{API}/youtube/v3/channels").mock(
        return_value=httpx.Response(200, json={"items": [{"id": "UC1", "snippet": {"title": "İl Sağlık"}}]})
    )
    get_adapter(channel).update("dQw4", PostPayload(text="Yeni açıklama", title="Yeni"))
    get_adapter(channel).delete("dQw4")
    assert json.loads(edit.calls.last.request.content)["id"] == "dQw4"
    assert delete.calls.last.request.url.params["id"] == "dQw4"
    assert get_adapter(channel).check().account == "İl Sağlık"
