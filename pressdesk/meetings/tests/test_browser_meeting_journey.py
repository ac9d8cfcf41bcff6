"""In Chromium: plan a coordination meeting, two agenda requests (one declined with a reason), minutes
with two decisions sent to signature, the hospital's press officer reports one decision done, and the
director's agenda on a 390 px phone shows the meeting and the minutes waiting for his signature."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.approvals import actions as approval_actions
from pressdesk.meetings.models import Decision, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def test_a_meeting_from_plan_to_the_directors_phone(province, page, browser_login, live_server):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(hour=10, minute=0)
    browser_login(province.staff)
    page.goto("/meetings/new/")
    page.locator("#id_title").fill("Hastanelerle koordinasyon toplantısı")
    page.locator("#id_kind").select_option("coordination")
    page.locator("#id_start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_end").fill((start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_place").fill("Müdürlük toplantı salonu")
    page.locator("#id_institutions").select_option(label=province.hospital.name)
    page.locator("#id_recurrence").select_option("monthly")
    page.get_by_test_id("save-meeting").click()
    expect(page.get_by_test_id("meeting-title")).to_have_text("Hastanelerle koordinasyon toplantısı")
    meeting = Meeting.objects.filter(series__isnull=False).order_by("start").first()

    for topic in ("Acil servis yoğunluğu", "Otopark sorunu"):
        page.get_by_test_id("ask-agenda").click()
        page.locator("#id_topic").fill(topic)
        page.locator("#id_presenter").fill("Başhekim")
        page.get_by_test_id("send-request").click()
    requests = page.get_by_test_id("request")
    expect(requests).to_have_count(2)
    accept = requests.filter(has_text="Acil servis yoğunluğu")
    accept.get_by_role("button", name="Karar ver").click()
    decline = page.get_by_test_id("request").filter(has_text="Otopark sorunu")
    decline.locator("select[name=decision]").select_option("decline")
    decline.locator("input[name=reason]").fill("Komisyonun konusu")
    decline.get_by_role("button", name="Karar ver").click()
    expect(page.get_by_test_id("request").filter(has_text="Otopark sorunu")).to_contain_text("Komisyonun konusu")
    expect(page.get_by_test_id("agenda")).to_contain_text("Acil servis yoğunluğu")

    page.get_by_test_id("open-minutes").click()
    for box in page.locator("input[name=attended]").all():
        box.check()
    page.locator("textarea[name^=item_]").fill("Yoğunluk rakamları sunuldu.")
    page.get_by_test_id("save-minutes").click()
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    page.locator("#id_text").fill("Rapor hazırlanacak")
    page.locator("#id_due").fill(due)
    page.get_by_test_id("add-decision").click()  # no owner: refused in Turkish
    expect(page.get_by_text("Her kararın bir sorumlu kurumu olmalıdır")).to_be_visible()
    for text in ("Rapor hazırlanacak", "Tabelalar yenilenecek"):
        page.locator("#id_text").fill(text)
        page.locator("#id_owner").select_option(label=province.hospital.name)
        page.locator("#id_due").fill(due)
        page.get_by_test_id("add-decision").click()
    page.get_by_test_id("submit-minutes").click()
    expect(page.get_by_test_id("minutes-status")).to_contain_text("Onay sürecinde")
    _shot(page, "meetings_minutes_in_chain")

    # The unit head and the chief initial; the minutes wait for the director's signature.
    from pressdesk.approvals.models import ApprovalFlow

    flow = ApprovalFlow.objects.get()
    for user in (province.unit_head, province.chief):
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)

    # The hospital's press officer finds the decision in İşlerim and reports it done.
    page.context.clear_cookies()
    browser_login(province.affiliate)
    page.goto("/my-work/")
    page.get_by_role("link", name="1. Rapor hazırlanacak").click()
    page.locator("#id_note").fill("Rapor Müdürlüğe gönderildi.")
    page.locator("#id_done").check()
    page.get_by_test_id("report-progress").click()
    expect(page.get_by_test_id("decision-status")).to_have_text("Tamamlandı")
    assert Decision.objects.get(number=1, meeting=meeting).status == Decision.Status.DONE

    # The director's agenda on a phone.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(province.director)
    page.goto(f"/meetings/agenda/?day={start.date().isoformat()}")
    expect(page.get_by_test_id("week")).to_contain_text("Hastanelerle koordinasyon toplantısı")
    expect(page.get_by_test_id("waiting")).to_contain_text("Tutanak")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    _shot(page, "meetings_directors_agenda_phone")
