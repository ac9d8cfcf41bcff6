import pytest

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_mastodon_429_sets_retry_after_and_keeps_the_channel_healthy(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    mastodon.fail_next(429, retry_after=120, path="/api/v1/statuses")

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Sınırda"))

    error = caught.value
    assert error.retryable is True
    assert error.retry_after == 120
    assert error.status == 429
    assert "120" in error.message
    assert "saniye" in error.message  # plain Turkish for the user
    assert mastodon.posts == []
    channel.refresh_from_db()
    assert channel.consecutive_failures == 0  # a rate limit is not a broken channel


def test_mastodon_429_without_retry_after_uses_the_reset_header(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    mastodon.fail_next(429, path="/api/v1/statuses")  # X-RateLimit-Reset five minutes ahead

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Sınırda"))

    assert caught.value.retryable is True
    assert 290 <= (caught.value.retry_after or 0) <= 300


def test_bluesky_429_reads_ratelimit_reset(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    bluesky.fail_next(429, path="createRecord")

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Sınırda"))

    assert caught.value.retryable is True
    assert 3590 <= (caught.value.retry_after or 0) <= 3600
    assert bluesky.posts == []
    channel.refresh_from_db()
    assert channel.health == Channel.Health.UNKNOWN
