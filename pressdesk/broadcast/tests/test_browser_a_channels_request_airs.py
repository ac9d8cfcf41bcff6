"""One journey in Chromium: the unit enters a channel's request, the guest's own line and the
director approve it, the permit letter is drafted and recorded, the announcement drafted, and
the programme recorded as aired with its link."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.accounts.models import Role
from pressdesk.approvals import actions as approvals
from pressdesk.broadcast.models import BroadcastRequest
from pressdesk.documents import actions as documents
from pressdesk.organizations.models import OrganizationKind
from pressdesk.testing.broadcast import make_outlet
from pressdesk.testing.factories import UserFactory, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, browser_login, user):
    page.context.clear_cookies()
    return browser_login(user)


def test_a_channels_request_through_the_guests_line_to_the_aired_record(province, page, browser_login):
    unit = make_org("bulasici", OrganizationKind.UNIT, province.other_presidency, "Bulaşıcı Hastalıklar Birimi")
    guest = UserFactory(username="konuk", role=Role.REQUESTER, organization=unit, first_name="Elif", last_name="Kaya")
    head = UserFactory(username="birim-sorumlu", role=Role.UNIT_HEAD, organization=unit)
    chief = UserFactory(username="hs-baskan", role=Role.CHIEF, organization=province.other_presidency)
    make_outlet("Kocaeli TV")
    starts = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=20, minute=0)

    _as(page, browser_login, province.staff)
    page.goto("/tv-radio/new/")
    page.locator("#id_outlet").select_option(label="Kocaeli TV")
    page.locator("#id_programme").fill("Sağlık Saati")
    page.locator("#id_topic").fill("Grip aşısı")
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_duration_minutes").fill("45")
    page.locator("#id_guest").select_option(label="Elif Kaya")
    page.locator("#id_requester_name").fill("Yapımcı Ali")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Alındı")
    expect(page.get_by_test_id("broadcast-guest")).to_contain_text(f"{guest} — Bulaşıcı Hastalıklar Birimi")
    page.get_by_role("button", name="Kontrol edildi olarak işaretle").click()
    page.get_by_role("button", name="Konuğun onay zincirine sun").click()
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Onayda")
    url = page.url

    for person in (head, chief, province.director):
        _as(page, browser_login, person)
        page.goto(url)
        form = page.get_by_test_id("decision-form")
        form.get_by_role("button", name="Kararımı kaydet").click()
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Onaylandı")

    _as(page, browser_login, province.staff)
    page.goto(url)
    page.get_by_role("button", name="Uygunluk yazısını hazırla").click()
    expect(page).to_have_url(re.compile(r"/letters/\d+/$"))
    request = BroadcastRequest.objects.get()
    letter = request.permit_letter
    approvals.submit(actor=province.staff, target=letter)
    for person in (province.unit_head, province.chief, province.director):
        flow = approvals.flow_for(letter)
        approvals.decide(actor=person, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    documents.record_ebys(
        actor=province.staff,
        letter=letter,
        ebys_number="E-12345678-010.06.02-4521",
        ebys_date=timezone.localdate(),
        signed_pdf=SimpleUploadedFile("imzali.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
    )
    page.goto(url)
    page.get_by_role("button", name="Uygunluk yazısı gönderildi").click()
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Uygunluk yazısı gönderildi")
    page.get_by_role("button", name="Duyur (haber taslağı)").click()
    expect(page.locator("h1")).to_contain_text("Sağlık Saati")

    BroadcastRequest.objects.filter(pk=request.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    page.goto(url)
    page.get_by_role("link", name="Yayınlandı").click()
    page.locator("#id_aired_url").fill("https://tv.example/izle/1")
    page.locator("#id_aired_minutes").fill("40")
    page.locator("#id_evaluation").fill("Mesajlar net verildi.")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.get_by_test_id("broadcast-aired")).to_contain_text("https://tv.example/izle/1")
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Yayınlandı")
    # The aired programme is a news item of its outlet in media monitoring; the recording follows.
    expect(page.get_by_test_id("broadcast-archive")).to_be_visible()
    page.locator("#id_recording").set_input_files(
        {"name": "yayin.mp3", "mimeType": "audio/mpeg", "buffer": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64}
    )
    page.get_by_role("button", name="Kaydı yükle").click()
    expect(page.get_by_test_id("broadcast-recording")).to_have_text("yayin.mp3")
    # The month's calendar shows the appearance.
    local = timezone.localtime(BroadcastRequest.objects.get(pk=request.pk).starts_at)
    page.goto(f"/tv-radio/calendar/?month={local.year}-{local.month:02d}")
    expect(page.get_by_test_id("calendar-entry").filter(has_text="Sağlık Saati")).to_be_visible()
