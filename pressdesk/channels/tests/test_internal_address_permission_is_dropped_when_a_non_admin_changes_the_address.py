"""The administrator's internal-address permission covers the address they approved, nothing else."""

import pytest
from django.urls import reverse

from pressdesk.channels import actions
from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def _webhook(province, url: str = "http://10.20.30.40/hook") -> Channel:
    channel = Channel(
        organization=province.directorate,
        kind=Channel.Kind.WEBHOOK,
        name="İç site",
        base_url=url,
        allow_internal_host=True,
    )
    channel.set_credentials({"secret": "imza-anahtari"})
    channel.save()
    return channel


def test_unit_head_cannot_repoint_an_approved_webhook_to_the_metadata_address_through_the_form(province, login):
    channel = _webhook(province)
    response = login(province.unit_head).post(
        reverse("channels:edit", args=[channel.pk]),
        {"name": "İç site", "base_url": "http://169.254.169.254/latest/meta-data/", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "iç ağ" in response.content.decode().lower()
    channel.refresh_from_db()
    assert channel.base_url == "http://10.20.30.40/hook"


def test_unit_head_keeps_the_permission_while_the_approved_address_stays(province, login):
    channel = _webhook(province)
    response = login(province.unit_head).post(
        reverse("channels:edit", args=[channel.pk]),
        {"name": "Yeni ad", "base_url": "http://10.20.30.40/hook", "is_active": "on"},
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Yeni ad"
    assert channel.allow_internal_host


def test_an_address_change_by_a_non_admin_drops_the_permission_in_the_action(province):
    channel = _webhook(province)
    actions.update_channel(actor=province.unit_head, channel=channel, base_url="http://169.254.169.254/hook")
    channel.refresh_from_db()
    assert not channel.allow_internal_host
    assert channel.allowed_hosts == ()
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Deneme"))
    assert not caught.value.retryable


def test_an_admin_may_change_the_address_and_keep_the_permission(province):
    channel = _webhook(province)
    actions.update_channel(
        actor=province.admin, channel=channel, base_url="http://10.20.30.41/hook", allow_internal_host=True
    )
    channel.refresh_from_db()
    assert channel.allow_internal_host
    assert channel.allowed_hosts == ("10.20.30.41",)
