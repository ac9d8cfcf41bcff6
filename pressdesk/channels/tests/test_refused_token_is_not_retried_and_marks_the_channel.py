import pytest

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_mastodon_401_is_not_retryable_and_marks_the_token_refused(
    province, mastodon, django_capture_on_commit_callbacks
):
    channel = mastodon.make_channel(organization=province.directorate)
    channel.set_credentials({"access_token": "revoked-token"})
    channel.save()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Gönderilemez"))

    assert caught.value.retryable is False
    assert caught.value.token_invalid is True
    assert caught.value.status == 401
    assert "yeniden bağlayın" in caught.value.message
    channel.refresh_from_db()
    assert channel.health == Channel.Health.TOKEN_INVALID
    assert channel.failure_alerted_at is not None
    alerted = set(Notification.objects.filter(kind="channel_failing").values_list("recipient__username", flat=True))
    assert province.unit_head.username in alerted
    assert province.staff.username not in alerted


def test_bluesky_wrong_app_password_is_a_refused_token(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    channel.set_credentials({"app_password": "yanlis-parola"})
    channel.save()

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Gönderilemez"))

    assert caught.value.token_invalid is True
    assert caught.value.retryable is False
    assert bluesky.posts == []


def test_health_check_reports_a_refused_token(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    channel.set_credentials({"access_token": "revoked-token"})
    channel.save()

    health = get_adapter(channel).check()

    assert health.ok is False
    assert health.token_invalid is True
