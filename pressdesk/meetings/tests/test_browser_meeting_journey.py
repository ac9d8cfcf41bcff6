"""In Chromium: plan a coordination meeting; the notice letter is drafted, approved (the director signs
it) and recorded in EBYS, which invites the participants and shows its number on the meeting; two
agenda requests (one declined with a reason); minutes with two decisions sent to signature; the
director's agenda on a 390 px phone shows the meeting and the minutes waiting for his signature, and
he signs them there; the decision letters are drafted; the hospital's press officer reports one
decision done, the other is shown open on the next meeting of the series; a VTC room's connection
test is recorded and a failed one opens a fault."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.meetings.models import Decision, Meeting, MeetingLetter, VtcFault
from pressdesk.notifications.models import Notification
from pressdesk.testing.meetings import make_room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def _as(page, browser_login, user) -> None:
    page.context.clear_cookies()
    browser_login(user)


def _initial(province, flow) -> None:
    """The unit head's and the chief's paraf (their screens are tested in approvals)."""
    for user in (province.unit_head, province.chief):
        flow.refresh_from_db()
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)


def test_a_meeting_from_plan_to_the_directors_phone(province, detsis, page, browser_login, live_server, tmp_path):
    signed = tmp_path / "imzali.pdf"
    signed.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n")
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

    # 3.15.2: the notice letter; nobody is invited until it is approved.
    page.get_by_test_id("draft-notice").click()
    page.get_by_role("button", name="Onaya gönder").click()
    notice = MeetingLetter.objects.get(meeting=meeting, purpose="notice").letter
    assert not Notification.objects.filter(kind="meeting_planned").exists()
    notice_flow = ApprovalFlow.objects.get(object_id=notice.pk, content_type__model="letter")
    _initial(province, notice_flow)
    _as(page, browser_login, province.director)
    page.goto(f"/approvals/{notice_flow.pk}/")
    page.get_by_test_id("approve").click()
    notice_flow.refresh_from_db()
    assert notice_flow.status == ApprovalFlow.Status.APPROVED
    assert Notification.objects.filter(recipient=province.affiliate, kind="meeting_planned").exists()
    # Sent in EBYS: the unit records its number, which shows on the meeting.
    _as(page, browser_login, province.staff)
    page.goto(reverse("documents:ebys", args=[notice.pk]))
    page.locator("#id_ebys_number").fill("E-12345678-010.04-77")
    page.locator("#id_ebys_date").fill(timezone.localdate().isoformat())
    page.locator("#id_signed_pdf").set_input_files(str(signed))
    page.get_by_role("button", name="Kaydet").click()
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("letters")).to_contain_text("E-12345678-010.04-77")

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
    flow = ApprovalFlow.objects.get(content_type__model="minutes")
    _initial(province, flow)

    # The director's agenda on a phone shows the meeting and the minutes waiting; he signs them there.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(province.director)
    page.goto(f"/meetings/agenda/?day={start.date().isoformat()}")
    expect(page.get_by_test_id("week")).to_contain_text("Hastanelerle koordinasyon toplantısı")
    expect(page.get_by_test_id("waiting")).to_contain_text("Tutanak")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    _shot(page, "meetings_directors_agenda_phone")
    page.goto(f"/approvals/{flow.pk}/")
    page.get_by_test_id("approve").click()
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.APPROVED
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3.15.6: the decision letters, one per owner institution.
    _as(page, browser_login, province.staff)
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    expect(page.get_by_test_id("minutes-status")).to_contain_text("Onaylandı")
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_test_id("draft-decisions").click()
    assert MeetingLetter.objects.filter(meeting=meeting, purpose="decisions", institution=province.hospital).exists()
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("letters")).to_contain_text(f"Karar yazısı: {province.hospital.name}")

    # The hospital's press officer finds the decision in İşlerim and reports it done.
    _as(page, browser_login, province.affiliate)
    page.goto("/my-work/")
    page.get_by_role("link", name="1. Rapor hazırlanacak").click()
    page.locator("#id_note").fill("Rapor Müdürlüğe gönderildi.")
    page.locator("#id_done").check()
    page.get_by_test_id("report-progress").click()
    expect(page.get_by_test_id("decision-status")).to_have_text("Tamamlandı")
    assert Decision.objects.get(number=1, meeting=meeting).status == Decision.Status.DONE

    # The next meeting of the series opens with the decision still open.
    _as(page, browser_login, province.staff)
    following = Meeting.objects.filter(series=meeting.series, start__gt=meeting.start).order_by("start").first()
    page.goto(f"/meetings/{following.pk}/")
    expect(page.get_by_test_id("carried")).to_contain_text("Tabelalar yenilenecek")
    expect(page.get_by_test_id("carried")).not_to_contain_text("Rapor hazırlanacak")

    # 3.16: a connection test of the VTC room; a failed one opens a fault.
    room = make_room(province)
    page.goto(f"/meetings/vtc/{room.pk}/")
    page.locator("#id_result").select_option("ok")
    page.locator("#id_quality_notes").fill("Görüntü ve ses net")
    page.get_by_test_id("record-test").click()
    expect(page.get_by_test_id("test-row")).to_have_count(1)
    page.locator("#id_result").select_option("failed")
    page.locator("#id_fault").fill("Karşı taraf sesimizi duymuyor")
    page.get_by_test_id("record-test").click()
    expect(page.get_by_test_id("test-row")).to_have_count(2)
    expect(page.get_by_test_id("fault")).to_contain_text("Karşı taraf sesimizi duymuyor")
    assert VtcFault.objects.filter(room=room, resolved_at__isnull=True).count() == 1
