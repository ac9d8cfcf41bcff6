"""Processes 3.2 and 1.4 clicked through in Chromium, from a negative story to the Ministry's mailbox."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from pressdesk.approvals import actions as approvals
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.infonotes.models import Case, DispatchRecipient
from pressdesk.infonotes.tests.conftest import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _initial_and_initial(province, flow):
    """The unit head's and the chief's paraf (their screens are tested in approvals)."""
    for user in (province.unit_head, province.chief):
        flow.refresh_from_db()
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()


def _login_as(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(user)


def test_from_a_negative_story_to_the_ministry_and_closed(province, page, browser_login, tmp_path):
    province.ministry_press.email = "basin@saglik.example.gov.tr"
    province.ministry_press.save()
    story = make_story(province, "Şehir Hastanesi acilinde saatlerce bekleme iddiası")
    signed = tmp_path / "imzali.pdf"
    signed.write_bytes(PDF)
    records = tmp_path / "kayitlar.pdf"
    records.write_bytes(PDF)

    # The unit opens a case from the negative story, with one click.
    browser_login(province.staff)
    page.goto("/information-notes/new/")
    page.get_by_test_id(f"open-story-{story.pk}").click()
    expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "open")
    case = Case.objects.get(story=story)

    # The request letter, written with the letter generator and submitted for approval.
    page.get_by_test_id("write-letter").click()
    page.locator("#id_institution").select_option(str(province.hospital.pk))
    page.locator("#id_detsis_no").fill("12345678")
    page.locator("#id_file_plan_code").fill("010.06.02")
    page.get_by_test_id("write-letter-submit").click()
    page.get_by_role("button", name="Onaya gönder").click()
    case.refresh_from_db()
    letter_flow = ApprovalFlow.objects.get(object_id=case.request_letter_id, content_type__model="letter")
    _initial_and_initial(province, letter_flow)

    # The director signs the letter.
    _login_as(page, browser_login, province.director)
    page.goto(f"/approvals/{letter_flow.pk}/")
    page.get_by_test_id("approve").click()
    letter_flow.refresh_from_db()
    assert letter_flow.status == ApprovalFlow.Status.APPROVED

    # Sent in EBYS: the unit records its number; the hospital's deadline starts.
    _login_as(page, browser_login, province.staff)
    page.goto(f"/information-notes/{case.pk}/")
    page.locator("#id_ebys_number").fill("E-12345678-010.06.02-4521")
    page.locator("#id_signed_pdf").set_input_files(str(signed))
    page.get_by_test_id("send-request").click()
    expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "waiting_institution")
    expect(page.get_by_test_id("ebys-number")).to_have_text("E-12345678-010.06.02-4521")

    # The hospital's press officer finds the request in "İşlerim" and answers with an attachment.
    _login_as(page, browser_login, province.affiliate)
    page.goto("/my-work/")
    page.get_by_role("link", name=case.title).click()
    page.get_by_test_id("answer").click()
    page.locator("#id_body").fill("Haberde belirtilen gün acil serviste ortalama bekleme süresi 25 dakikadır.")
    page.locator("#id_attachments").set_input_files(str(records))
    page.get_by_test_id("submit-answer").click()
    expect(page.get_by_test_id("note-body")).to_contain_text("25 dakikadır")

    # The unit puts the note to the director; the director approves it on the phone-sized screen.
    _login_as(page, browser_login, province.staff)
    page.goto(f"/information-notes/{case.pk}/")
    page.get_by_test_id("submit-note").click()
    note_flow = ApprovalFlow.objects.get(content_type__model="infonote")
    _initial_and_initial(province, note_flow)
    _login_as(page, browser_login, province.director)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/approvals/{note_flow.pk}/")
    expect(page.get_by_test_id("note-preview")).to_contain_text("25 dakikadır")
    page.get_by_test_id("approve").click()
    note_flow.refresh_from_db()
    assert note_flow.status == ApprovalFlow.Status.APPROVED
    page.set_viewport_size({"width": 1280, "height": 900})

    # The unit sends the approved note to the Ministry's press office.
    _login_as(page, browser_login, province.staff)
    page.goto(f"/information-notes/{case.pk}/")
    page.get_by_test_id("send-note-link").click()
    expect(page.locator("#id_ministry")).to_have_value("basin@saglik.example.gov.tr")
    page.get_by_test_id("send-note").click()
    expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "sent")
    recipient = DispatchRecipient.objects.get()
    expect(page.get_by_test_id(f"recipient-{recipient.pk}")).to_have_attribute("data-status", "sent")
    [message] = [m for m in mail.outbox if m.to == ["basin@saglik.example.gov.tr"]]
    assert "25 dakikadır" in message.body
    assert [name for name, _content, _type in message.attachments] == ["kayitlar.pdf"]

    # Closed; the board and the statistics show it.
    page.get_by_test_id("close-case").click()
    page.get_by_test_id("confirm-close").click()
    expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "closed")
    page.goto("/information-notes/")
    expect(page.get_by_test_id("column-closed").get_by_test_id(f"case-{case.pk}")).to_be_visible()
    page.screenshot(path=str(tmp_path / "board.png"), full_page=True)
    page.goto("/information-notes/statistics/")
    expect(page.get_by_test_id("total")).to_have_text("1")
    expect(page.get_by_test_id("answered")).to_have_text("1")
    expect(page.get_by_test_id("per-institution")).to_contain_text(province.hospital.name)
    timeline = page.goto(f"/information-notes/{case.pk}/")
    assert timeline is not None
    expect(page.get_by_test_id("timeline")).to_contain_text("Dosya kapatıldı")
    expect(page.get_by_test_id("timeline")).to_contain_text("E-posta iletildi")
