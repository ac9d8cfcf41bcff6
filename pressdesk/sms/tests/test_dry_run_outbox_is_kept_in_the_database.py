"""The training ("dry run") provider writes to an outbox in the database: the campaign page shows what it
recorded, and a delivery report read by another worker process finds it, so a training campaign reaches
"delivered". Nothing is recorded twice for a batch sent again; the retention rule deletes the outbox too."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, DryRunMessage, Recipient
from pressdesk.sms.providers import dry_run
from pressdesk.sms.tests.conftest import approve
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(province, staff, settings, django_capture_on_commit_callbacks):
    settings.SMS_PROVIDER = "dry_run"
    settings.SMS_BATCH_SIZE = 2
    campaign = actions.save_campaign(
        actor=province.staff, title="Eğitim", kind=Campaign.Kind.ANNOUNCEMENT, text="Sayın {ad}, deneme.",
        groups=["everyone"],
    )  # fmt: skip
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        actions.start(actor=province.staff, campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def test_the_report_is_found_by_another_process_and_the_campaign_is_delivered(campaign):
    assert campaign.status == Campaign.Status.SENT and campaign.provider == "dry_run"
    assert DryRunMessage.objects.filter(recipient__campaign=campaign).count() == 4
    # Another worker process shares only the database: the module keeps no messages, jobs or caches (no
    # list, dict or set at module level) and the report is read by a new provider object.
    state = [name for name, value in vars(dry_run).items() if isinstance(value, (list, dict, set))]
    assert state == [k for k in state if k.startswith("__")]
    assert actions.fetch_reports(campaign.pk, provider=dry_run.DryRunProvider()) == 4
    assert set(Recipient.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"delivered"}


def test_a_batch_sent_again_is_not_recorded_twice(campaign):
    batch = Batch.objects.filter(campaign=campaign).first()
    provider = dry_run.DryRunProvider()
    rows = [dry_run.Outgoing(ref=str(r.pk), number=r.mobile, text=r.text) for r in batch.recipients.all()]
    assert provider.send(rows, key=batch.key).duplicate
    assert DryRunMessage.objects.filter(key=batch.key).count() == 2


def test_the_campaign_page_shows_the_outbox_masked_for_approvers_and_not_to_another_province(
    client, province, campaign
):
    client.force_login(province.staff)
    body = client.get(reverse("sms:detail", args=[campaign.pk])).content.decode()
    assert body.count('data-testid="sms-dry-run-message"') == 4
    assert "Sayın Ayşe Demir, deneme." in body and "0532 111 22 33" in body

    client.force_login(province.chief)  # an approver: numbers masked
    body = client.get(reverse("sms:detail", args=[campaign.pk])).content.decode()
    assert body.count('data-testid="sms-dry-run-message"') == 4
    assert "0532 111 22 33" not in body and "+90532*****33" in body

    client.force_login(SecondProvince(province).staff2)
    assert client.get(reverse("sms:detail", args=[campaign.pk])).status_code == 404


def test_the_retention_rule_deletes_the_outbox_with_the_recipients(campaign, settings):
    settings.SMS_RETENTION_DAYS = 30
    Campaign.objects.filter(pk=campaign.pk).update(updated_at=timezone.now() - datetime.timedelta(days=31))
    assert actions.delete_old_details() == 1
    assert not DryRunMessage.objects.exists()
