import base64
import json

import httpx
import pytest
import respx

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

SITE = "https://ilsaglik.example.gov.tr"
API = f"{SITE}/wp-json/wp/v2"


@pytest.fixture
def channel(province):
    channel = Channel(
        organization=province.directorate, kind=Channel.Kind.WORDPRESS, name="Site", base_url=SITE, account_id="basin"
    )
    channel.set_credentials({"application_password": "abcd efgh ijkl mnop"})
    channel.save()
    return channel


@respx.mock
def test_photo_then_post_with_featured_media_and_basic_auth(channel, photo):
    media = respx.post(f"{API}/media").mock(
        return_value=httpx.Response(201, json={"id": 41, "source_url": f"{SITE}/wp-content/uploads/asi.jpg"})
    )
    alt = respx.post(f"{API}/media/41").mock(return_value=httpx.Response(200, json={"id": 41}))
    posts = respx.post(f"{API}/posts").mock(
        return_value=httpx.Response(201, json={"id": 501, "link": f"{SITE}/2026/11/asi-haftasi/"})
    )

    result = get_adapter(channel).publish(
        PostPayload(text="Kısa özet", title="Aşı Haftası", html="<p>Gövde</p>", media=(photo,))
    )

    upload = media.calls.last.request
    assert upload.headers["Content-Disposition"] == "attachment; filename*=UTF-8''asi-haftasi.jpg"
    assert upload.headers["Authorization"] == "Basic " + base64.b64encode(b"basin:abcd efgh ijkl mnop").decode()
    assert json.loads(alt.calls.last.request.content) == {"alt_text": "Aşı standı"}
    assert json.loads(posts.calls.last.request.content) == {
        "title": "Aşı Haftası",
        "content": "<p>Gövde</p>",
        "excerpt": "Kısa özet",
        "status": "publish",
        "featured_media": 41,
    }
    assert result.remote_id == "501"
    assert result.url == f"{SITE}/2026/11/asi-haftasi/"


@respx.mock
def test_edit_and_delete_to_the_trash(channel):
    edit = respx.post(f"{API}/posts/501").mock(return_value=httpx.Response(200, json={"id": 501, "link": "x"}))
    delete = respx.delete(f"{API}/posts/501").mock(
        return_value=httpx.Response(200, json={"id": 501, "status": "trash"})
    )
    get_adapter(channel).update("501", PostPayload(text="Düzeltme", title="Yeni başlık", html="<p>Yeni</p>"))
    get_adapter(channel).delete("501")
    assert json.loads(edit.calls.last.request.content)["title"] == "Yeni başlık"
    assert "force" not in str(delete.calls.last.request.url)


@respx.mock
def test_a_wrong_application_password_is_a_refused_token(channel):
    respx.post(f"{API}/posts").mock(
        return_value=httpx.Response(
            401,
            json={
                "code": "incorrect_password",
                "message": "The provided password is an invalid application password.",
                "data": {"status": 401},
            },
        )
    )
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x", title="x"))
    assert caught.value.token_invalid
    assert "invalid application password" in caught.value.message
    assert "abcd efgh" not in caught.value.message


@respx.mock
def test_health_check_reads_the_user(channel):
    respx.get(f"{API}/users/me").mock(return_value=httpx.Response(200, json={"id": 2, "name": "Basın Birimi"}))
    health = get_adapter(channel).check()
    assert health.ok and health.account == "Basın Birimi"
