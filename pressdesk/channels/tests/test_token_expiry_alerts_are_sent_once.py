import datetime

import pytest
from django.utils import timezone

from pressdesk.channels import actions
from pressdesk.channels.models import Channel
from pressdesk.channels.tasks import check_all_channels
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _channel(province, name, expires_in_days):
    channel = Channel(
        organization=province.directorate,
        kind=Channel.Kind.FACEBOOK,
        name=name,
        account_id="1",
        token_expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
    )
    channel.set_credentials({"access_token": "t"})
    channel.save()
    return channel


def test_the_unit_head_is_told_a_week_before_and_only_once(province):
    soon = _channel(province, "Facebook", 5)
    _channel(province, "Uzak", 40)

    assert actions.alert_expiring_tokens() == 1
    assert actions.alert_expiring_tokens() == 0  # the next day: nothing new

    notes = Notification.objects.filter(kind="channel_token_expiring")
    assert {n.recipient for n in notes} == {province.unit_head, province.admin}
    assert all(n.url.endswith(f"/channels/{soon.pk}/") for n in notes)
    assert "Facebook" in notes[0].title


def test_a_renewed_token_with_a_new_expiry_is_alerted_again(province):
    channel = _channel(province, "Facebook", 3)
    actions.alert_expiring_tokens()
    actions.update_channel(
        actor=province.unit_head, channel=channel, token_expires_at=timezone.now() + datetime.timedelta(days=6)
    )
    assert actions.alert_expiring_tokens() == 1


def test_an_expired_token_is_reported_as_expired(province):
    _channel(province, "Eski", -1)
    actions.alert_expiring_tokens()
    assert "doldu" in Notification.objects.get(recipient=province.unit_head).title


def test_the_daily_sweep_checks_every_active_channel(province, mastodon):
    active = mastodon.make_channel(organization=province.directorate)
    mastodon.make_channel(organization=province.directorate, name="Kapalı", is_active=False)

    assert check_all_channels() == 1  # the eager worker ran the check too

    active.refresh_from_db()
    assert active.health == Channel.Health.OK
    assert sum(r.path == "/api/v1/accounts/verify_credentials" for r in mastodon.requests) == 1
