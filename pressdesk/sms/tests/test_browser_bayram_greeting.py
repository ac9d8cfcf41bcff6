"""The issue's journey in Chromium: import a staff list, a Ramazan Bayramı greeting with {ad} to two groups
(the counter shows Turkish-shift GSM-7 and two parts), approval, schedule, delivery reports from a fake Verimor."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.approvals import actions as approvals
from pressdesk.sms import actions
from pressdesk.sms.models import Campaign, Contact, Recipient, SavedList
from pressdesk.sms.tests.conftest import STAFF_CSV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login_as(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(user)


def test_ramazan_greeting_from_staff_list_to_delivery_reports(province, page, browser_login, verimor, tmp_path):
    staff_file = tmp_path / "personel.csv"
    staff_file.write_text(STAFF_CSV, encoding="utf-8")

    # The unit imports the staff list.
    browser_login(province.staff)
    page.goto("/sms/staff/import/")
    page.locator("#id_file").set_input_files(str(staff_file))
    page.get_by_role("button", name="Denetle ve içe aktar").click()
    expect(page.get_by_test_id("sms-contact")).to_have_count(4)
    assert Contact.objects.count() == 4

    # A Ramazan Bayramı greeting from its template, to a hospital and to all chief physicians. The province
    # has many saved lists, so the recipients get a filter box: typed without Turkish letters or case, it
    # still finds "Tüm başhekimler", and the ticked hospital stays in sight.
    for number in range(8):
        SavedList.objects.create(
            province=province.directorate, name=f"Nöbet listesi {number}", created_by=province.staff
        )
    page.goto("/sms/new/")
    page.locator("#id_template").select_option("ramazan")
    counter = page.get_by_test_id("sms-counter")
    expect(counter.locator("[data-sms-encoding]")).to_have_text("GSM-7 + Türkçe")
    expect(counter.locator("[data-sms-parts]")).to_have_text("2")
    page.get_by_label(f"{province.hospital.name} personelinin tümü").check()
    recipients = page.locator("#id_groups > div")
    total = recipients.count()
    assert total > 10
    page.get_by_label("Seçenekleri süz").fill("TUM BASHEK")
    page.get_by_label("Seçenekleri süz").press("Enter")  # filters; never sends the form
    expect(page.locator("#id_groups > div:visible")).to_have_count(2)
    expect(page.get_by_text(f"{total} seçenekten 2 tanesi gösteriliyor")).to_be_visible()
    page.get_by_label("Tüm başhekimler").check()
    page.get_by_label("Seçenekleri süz").fill("")
    expect(page.locator("#id_groups > div:visible")).to_have_count(total)
    assert not Campaign.objects.exists()
    expect(page.get_by_test_id("sms-sample")).to_have_count(3)
    expect(page.get_by_test_id("sms-cost")).to_contain_text("6 kredi")
    when = timezone.localtime() + datetime.timedelta(hours=2)
    page.locator("#id_scheduled_at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Taslağı kaydet").click()
    page.get_by_test_id("sms-submit").click()
    expect(page.get_by_test_id("sms-recipient")).to_have_count(3)
    campaign = Campaign.objects.get()
    assert campaign.text.startswith("Sayın {ad}, Ramazan Bayramınızı")

    # The unit head and the chief initial it; the director signs on screen.
    flow = approvals.flow_for(campaign)
    for user in (province.unit_head, province.chief):
        flow.refresh_from_db()
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    _login_as(page, browser_login, province.director)
    page.goto(f"/approvals/{flow.pk}/")
    page.get_by_test_id("approve").click()
    flow.refresh_from_db()
    assert flow.status == "approved"

    # The unit schedules it; nothing is sent before its time.
    _login_as(page, browser_login, province.staff)
    page.goto(campaign.get_absolute_url())
    page.get_by_test_id("sms-start").click()
    expect(page.get_by_test_id("sms-status")).to_have_attribute("data-status", "scheduled")
    assert verimor.received == []

    # Its time comes (the beat), the fake Verimor server receives each message once.
    Campaign.objects.filter(pk=campaign.pk).update(scheduled_at=timezone.now() - datetime.timedelta(minutes=1))
    actions.start_due_campaigns()
    assert sorted(verimor.counts().values()) == [1, 1, 1]

    # Delivery reports from Verimor.
    verimor.statuses["905343334455"] = "NOT_DELIVERED"
    page.goto(campaign.get_absolute_url())
    expect(page.get_by_test_id("sms-status")).to_have_attribute("data-status", "sent")
    page.get_by_test_id("sms-reports").click()
    expect(page.locator('[data-testid="sms-recipient"][data-status="delivered"]')).to_have_count(2)
    # The undelivered message is resent once by itself: the original shows "Yeniden gönderildi", the resend
    # waits for its own report.
    expect(page.locator('[data-testid="sms-recipient"][data-status="retried"]')).to_have_count(1)
    assert Recipient.objects.filter(status="delivered").count() == 2
    assert sorted(verimor.counts().values()) == [1, 1, 2]
    verimor.statuses.clear()
    page.get_by_test_id("sms-reports").click()
    expect(page.locator('[data-testid="sms-recipient"][data-status="delivered"]')).to_have_count(3)
    assert sorted(verimor.counts().values()) == [1, 1, 2]
