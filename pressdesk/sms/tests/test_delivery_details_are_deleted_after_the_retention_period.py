"""KVKK retention: names, numbers and texts of finished campaigns go after the period; the counts stay."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pressdesk.sms import actions, queries
from pressdesk.sms.models import Campaign, Recipient
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db


def test_old_details_are_deleted_and_counts_kept(province, staff, settings, django_capture_on_commit_callbacks, client):
    settings.SMS_RETENTION_DAYS = 30
    campaign = actions.save_campaign(
        actor=province.staff, title="Duyuru", kind="announcement", text="Sayın {ad}, duyuru.", groups=["everyone"]
    )
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        actions.start(actor=province.staff, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert actions.delete_old_details() == 0  # not old yet
    later = timezone.now() + datetime.timedelta(days=31)
    assert actions.delete_old_details(now=later) == 1
    campaign.refresh_from_db()
    assert not Recipient.objects.filter(campaign=campaign).exists()
    summary = queries.summary(campaign)
    assert (summary.total, summary.cost, summary.by_status) == (4, 4, {"sent": 4})
    assert actions.delete_old_details(now=later) == 0
    client.force_login(province.staff)
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="sms-details-deleted"' in body
