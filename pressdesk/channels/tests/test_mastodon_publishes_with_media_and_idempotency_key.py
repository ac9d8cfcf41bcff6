import pytest

from pressdesk.channels.base import PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_post_with_a_photo_uploads_media_then_creates_the_status(province, mastodon, photo):
    channel = mastodon.make_channel(organization=province.directorate)
    payload = PostPayload(
        text="Aşı haftası başladı https://basin.example/haber/1", media=(photo,), idempotency_key="pub-1-a"
    )

    result = get_adapter(channel).publish(payload)

    assert mastodon.posts == [
        {"status": payload.text, "visibility": "public", "language": "tr", "media_ids": [next(iter(mastodon.media))]}
    ]
    assert mastodon.media[next(iter(mastodon.media))]["description"] == "Aşı standı"
    status_request = next(r for r in mastodon.requests if r.path == "/api/v1/statuses")
    assert status_request.header("Idempotency-Key") == "pub-1-a"
    assert result.remote_id in mastodon.statuses
    assert result.url.endswith(f"/@saglik/{result.remote_id}")
    channel.refresh_from_db()
    assert channel.health == Channel.Health.OK
    assert channel.last_success_at is not None


def test_the_same_idempotency_key_never_posts_twice(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    payload = PostPayload(text="Bir kez", idempotency_key="pub-2-a")

    first = get_adapter(channel).publish(payload)
    second = get_adapter(channel).publish(payload)

    assert first.remote_id == second.remote_id
    assert len(mastodon.posts) == 1


def test_a_photo_still_processing_is_waited_for(province, photo, monkeypatch):
    from pressdesk.channels.adapters import mastodon as module
    from pressdesk.testing.fake_channels import FakeMastodon

    monkeypatch.setattr(module, "MEDIA_POLL_SECONDS", 0)
    with FakeMastodon(media_processing=True) as server:
        channel = server.make_channel(organization=province.directorate)
        get_adapter(channel).publish(PostPayload(text="Fotoğraflı", media=(photo,)))
        paths = [r.path for r in server.requests]
    assert sum(path.startswith("/api/v1/media/") for path in paths) == 2
    assert len(server.posts) == 1
