import pytest

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_a_channel_pointing_at_127_0_0_1_is_refused_without_the_administrators_permission(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate, allow_internal_host=False)
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="İç ağ"))
    assert not caught.value.retryable
    assert "iç ağ" in caught.value.message.lower() or "İç ağ" in caught.value.message
    assert mastodon.requests == []


def test_the_permission_covers_only_the_channels_own_host(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    assert channel.allowed_hosts == ("127.0.0.1",)
    channel.base_url = "http://localhost:1/"
    assert channel.allowed_hosts == ("localhost",)
