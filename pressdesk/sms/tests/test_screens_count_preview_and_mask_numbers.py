"""The screens: compose with its counter fragment, campaign page, staff list, import report, numbers masked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.sms import actions
from pressdesk.sms.models import Campaign
from pressdesk.sms.tests.conftest import approve, upload

pytestmark = pytest.mark.django_db


def _campaign(province):
    campaign = actions.save_campaign(
        actor=province.staff, title="Ramazan Bayramı", kind=Campaign.Kind.GREETING,
        text="Sayın {ad}, Ramazan Bayramınızı kutlarız.", groups=["everyone"],
    )  # fmt: skip
    actions.submit(actor=province.staff, campaign=campaign)
    return campaign


def test_compose_page_saves_a_draft(client, province, staff):
    client.force_login(province.staff)
    response = client.get(reverse("sms:create"))
    assert response.status_code == 200
    assert b"data-sms-counter" in response.content and b"sms-templates" in response.content
    response = client.post(
        reverse("sms:create"),
        {
            "title": "Ramazan Bayramı",
            "kind": "greeting",
            "text": "Sayın {ad}, bayramınız kutlu olsun.",
            "groups": [f"org:{province.hospital.pk}", "chief_physicians"],
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    assert campaign.created_by == province.staff and campaign.province == province.directorate


def test_count_fragment_shows_encoding_parts_cost_and_three_recipients(client, province, staff):
    client.force_login(province.staff)
    text = (
        "Sayın {ad}, Ramazan Bayramınızı en içten dileklerimle kutlar, sağlık ve huzur dolu nice bayramlar dileriz. "
        * 1
    )
    response = client.post(
        reverse("sms:count"), {"text": text + "İl Sağlık Müdürlüğü", "groups": ["everyone"], "kind": "greeting"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="sms-sample"') == 3
    assert "GSM-7 + Türkçe" in body
    assert "4 alıcı" in body or "4 recipients" in body
    response = client.post(reverse("sms:count"), {"text": "Sayın {isim}", "groups": ["everyone"], "kind": "greeting"})
    assert "{isim}" in response.content.decode()


def test_import_page_reports_rows(client, province):
    client.force_login(province.staff)
    bad = "Ad Soyad;Kurum;Cep\nAyşe;Derince EAH;0262 111 22 33\n"
    response = client.post(reverse("sms:import"), {"file": upload(bad)})
    assert response.status_code == 200
    assert 'data-testid="sms-import-error"' in response.content.decode()
    response = client.post(reverse("sms:import"), {"file": upload()})
    assert response.status_code == 302


def test_campaign_page_and_list_without_n_plus_one(client, province, staff, django_assert_max_num_queries):
    campaign = _campaign(province)
    for n in range(3):
        actions.save_campaign(
            actor=province.staff, title=f"Duyuru {n}", kind="announcement", text="Duyuru", groups=["everyone"]
        )
    client.force_login(province.staff)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("sms:list"))
    assert response.status_code == 200 and response.content.decode().count('data-testid="sms-campaign-row"') == 4
    with django_assert_max_num_queries(35):
        response = client.get(campaign.get_absolute_url())
    assert response.content.decode().count('data-testid="sms-recipient"') == 4
    with django_assert_max_num_queries(25):
        response = client.get(reverse("sms:contacts"))
    assert response.content.decode().count('data-testid="sms-contact"') == 4


def test_numbers_are_masked_for_approvers(client, province, staff):
    campaign = _campaign(province)
    client.force_login(province.director)
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert "0532 111 22 33" not in body and "+90532*****33" in body
    client.force_login(province.staff)
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert "0532 111 22 33" in body


def test_send_now_and_a_double_click(client, province, staff, django_capture_on_commit_callbacks):
    from pressdesk.sms.providers import dry_run

    campaign = _campaign(province)
    approve(province, campaign)
    client.force_login(province.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sms:start", args=[campaign.pk]))
        client.post(reverse("sms:start", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert len(dry_run.sent()) == 4
    response = client.get(reverse("sms:export", args=[campaign.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_the_approver_sees_the_campaign_in_the_approval_flow(client, province, staff):
    from pressdesk.approvals import actions as approvals

    campaign = _campaign(province)
    flow = approvals.flow_for(campaign)
    client.force_login(province.unit_head)
    response = client.get(reverse("approvals:detail", args=[flow.pk]))
    assert response.status_code == 200
    assert "Ramazan Bayramınızı" in response.content.decode()


def test_a_saved_list_from_numbers_becomes_a_group(client, province, staff):
    from pressdesk.sms import recipients
    from pressdesk.sms.models import SavedList

    client.force_login(province.staff)
    response = client.post(
        reverse("sms:list_create"), {"name": "Toplantı", "numbers": "0532 111 22 33\n0539 999 99 99"}
    )
    assert response.status_code == 200 and not SavedList.objects.exists()
    response = client.post(reverse("sms:list_create"), {"name": "Toplantı", "numbers": "0532 111 22 33\n5354445566\n"})
    saved = SavedList.objects.get()
    assert response.status_code == 302 and saved.contacts.count() == 2
    people = recipients.resolve(province.directorate, [f"list:{saved.pk}"])
    assert sorted(p.name for p in people) == ["Ayşe Demir", "Murat Öz"]
    assert any(code == f"list:{saved.pk}" for code, _label in recipients.group_choices(province.directorate))
