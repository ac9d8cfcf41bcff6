"""The issue's journey without a browser: import a staff list, a Ramazan Bayramı greeting with {ad}
to two groups, approval, schedule, sending through a fake Verimor server, delivery reports."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pressdesk.sms import actions, encoding, queries
from pressdesk.sms.models import Batch, Campaign, Recipient
from pressdesk.sms.templates_text import template
from pressdesk.sms.tests.conftest import approve

pytestmark = pytest.mark.django_db


def _greeting(province, when=None, groups=None):
    text = template("ramazan").text
    return actions.save_campaign(
        actor=province.staff,
        title="Ramazan Bayramı",
        kind=Campaign.Kind.GREETING,
        text=text,
        groups=groups or [f"org:{province.hospital.pk}", "chief_physicians"],
        scheduled_at=when,
    )


def test_journey_from_staff_list_to_delivery_reports(
    province, staff, verimor, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BATCH_SIZE = 2
    when = timezone.now() + datetime.timedelta(hours=2)
    campaign = _greeting(province, when)
    preview = actions.preview(actor=province.staff, text=campaign.text, groups=campaign.groups, kind=campaign.kind)
    assert preview["error"] == ""
    # Şehir Hastanesi's two contacts + Derince's chief physician, the hospital's press officer has no phone.
    assert preview["recipients"] == 3
    first = preview["samples"][0]
    assert first[2].encoding == encoding.GSM7_TR and first[2].parts == 2
    assert preview["cost"] == 6

    actions.submit(actor=province.staff, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVAL
    with pytest.raises(ValidationError):
        actions.start(actor=province.staff, campaign=campaign)  # not approved yet
    approve(province, campaign)
    campaign = actions.start(actor=province.staff, campaign=campaign)
    assert campaign.status == Campaign.Status.SCHEDULED
    assert Batch.objects.filter(campaign=campaign).count() == 2  # written before anything is sent
    assert verimor.received == []

    Campaign.objects.filter(pk=campaign.pk).update(scheduled_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.start_due_campaigns() == 1  # the beat; the task runs eagerly after commit
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert sorted(verimor.counts().values()) == [1, 1, 1]
    texts = {m["dest"]: m["msg"] for m in verimor.received}
    assert texts["905321112233"].startswith("Sayın Ayşe Demir, Ramazan Bayramınızı")
    assert all(body["is_commercial"] is False and body["datacoding"] == "1" for body in verimor.requests)

    verimor.statuses["905333344455"] = "NOT_DELIVERED"
    assert actions.fetch_reports(campaign.pk) == 3
    statuses = dict(Recipient.objects.filter(campaign=campaign).values_list("mobile", "status"))
    assert statuses["+905321112233"] == Recipient.Status.DELIVERED
    assert statuses["+905343334455"] == Recipient.Status.DELIVERED
    summary = queries.summary(campaign)
    assert summary.total == 3 and summary.cost == 6


def test_changing_the_text_after_approval_asks_again(province, staff):
    campaign = _greeting(province)
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    campaign.refresh_from_db()
    assert actions.approved(campaign)
    campaign = actions.save_campaign(
        actor=province.staff,
        campaign=campaign,
        title=campaign.title,
        kind=campaign.kind,
        text=campaign.text + " Saygılarımla.",
        groups=campaign.groups,
    )
    assert not actions.approved(campaign)
    with pytest.raises(ValidationError):
        actions.start(actor=province.staff, campaign=campaign)
    flow = actions.submit(actor=province.staff, campaign=campaign)
    assert flow.version == 2 and flow.current_step().role == "unit_head"


def test_changing_the_recipients_or_the_time_changes_the_hash(province, staff):
    campaign = _greeting(province)
    actions.submit(actor=province.staff, campaign=campaign)
    first = campaign.approval_content()
    from pressdesk.approvals.registry import content_hash

    campaign.refresh_from_db()
    campaign.recipients.filter(mobile="+905321112233").delete()
    campaign.recipients_hash = "x"
    assert content_hash(campaign.approval_content()) != content_hash(first)
    campaign.refresh_from_db()
    campaign.scheduled_at = timezone.now() + datetime.timedelta(days=1)
    assert content_hash(campaign.approval_content()) != content_hash(first)


def test_duplicates_across_groups_and_opt_outs(province, staff):
    from pressdesk.sms import recipients

    # Şehir Hastanesi's chief physician is in both groups: once.
    people = recipients.resolve(province.directorate, [f"org:{province.hospital.pk}", "chief_physicians"])
    assert sorted(p.name for p in people) == ["Ayşe Demir", "Elif Şahin", "Hasan Kaya"]
    hasan = next(c for c in staff if c.name == "Hasan Kaya")
    actions.set_opt_out(actor=province.staff, contact=hasan, opted_out=True)
    people = recipients.resolve(province.directorate, [f"org:{province.hospital.pk}", "chief_physicians"])
    assert "Hasan Kaya" not in [p.name for p in people]
    duty = recipients.resolve(province.directorate, ["chief_physicians"], duty=True)
    assert "Hasan Kaya" in [p.name for p in duty]


def test_users_with_mobile_numbers_are_recipients_too(province, staff):
    from pressdesk.sms import recipients

    province.unit_head.phone = "0536 555 66 77"
    province.unit_head.save()
    people = recipients.resolve(province.directorate, ["unit_heads"])
    assert [p.mobile for p in people] == ["+905365556677"]
    everyone = recipients.resolve(province.directorate, ["everyone"])
    assert len(everyone) == 5


def test_an_empty_placeholder_is_a_clear_error(province, staff):
    campaign = actions.save_campaign(
        actor=province.staff,
        title="Toplantı",
        kind=Campaign.Kind.REMINDER,
        text="Sayın {unvan} {ad}, toplantı yarın.",
        groups=["everyone"],
    )
    from pressdesk.sms.models import Contact

    Contact.objects.filter(name="Murat Öz").update(title="")
    with pytest.raises(ValidationError) as error:
        actions.submit(actor=province.staff, campaign=campaign)
    assert "{unvan}" in " ".join(error.value.messages) and "Murat Öz" in " ".join(error.value.messages)


def test_unknown_placeholder_and_too_long_text_are_refused(province, staff):
    with pytest.raises(ValidationError) as error:
        actions.save_campaign(
            actor=province.staff, title="x", kind="announcement", text="Sayın {isim}", groups=["everyone"]
        )
    assert "{isim}" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        actions.save_campaign(
            actor=province.staff, title="x", kind="announcement", text="a" * 2000, groups=["everyone"]
        )
    assert "too long" in " ".join(error.value.messages) or "uzun" in " ".join(error.value.messages)


def test_another_province_cannot_reach_the_campaign(province, staff):
    from pressdesk.testing.factories import SecondProvince

    second = SecondProvince(province)
    campaign = _greeting(province)
    assert not queries.campaigns_visible_to(second.unit_head).filter(pk=campaign.pk).exists()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.submit(actor=second.unit_head, campaign=campaign)
    with pytest.raises(ValidationError):
        actions.save_campaign(
            actor=second.unit_head, title="x", kind="greeting", text="Merhaba", groups=[f"org:{province.hospital.pk}"]
        )


def test_a_returned_campaign_is_submitted_again_without_changes(province, staff):
    from pressdesk.approvals import actions as approvals

    campaign = _greeting(province)
    flow = actions.submit(actor=province.staff, campaign=campaign)
    approvals.decide(
        actor=province.unit_head, flow_id=flow.pk, approve=False, seen_hash=flow.content_hash, comment="Saat ekleyin"
    )
    campaign.refresh_from_db()
    flow = actions.submit(actor=province.staff, campaign=campaign)
    assert flow.status == "in_review"
