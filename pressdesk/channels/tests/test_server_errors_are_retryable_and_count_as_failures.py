import pytest

from pressdesk.channels.actions import FAILURE_THRESHOLD
from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_mastodon_500_is_retryable(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    mastodon.fail_next(500, path="/api/v1/statuses")

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Sunucu hatası"))

    assert caught.value.retryable is True
    assert caught.value.status == 500
    assert "500" in caught.value.message


def test_repeated_server_errors_make_the_channel_failing_then_a_success_heals_it(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    bluesky.fail_next(502, times=FAILURE_THRESHOLD, path="createSession")

    for _attempt in range(FAILURE_THRESHOLD):
        with pytest.raises(ChannelError):
            get_adapter(channel).publish(PostPayload(text="Deneme"))
    channel.refresh_from_db()
    assert channel.health == Channel.Health.FAILING
    assert channel.consecutive_failures == FAILURE_THRESHOLD
    assert channel.last_error

    get_adapter(channel).publish(PostPayload(text="Deneme"))
    channel.refresh_from_db()
    assert channel.health == Channel.Health.OK
    assert channel.consecutive_failures == 0
    assert channel.last_error == ""


def test_an_unreachable_server_is_retryable(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    mastodon.close()

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Bağlantı yok"))

    assert caught.value.retryable is True
