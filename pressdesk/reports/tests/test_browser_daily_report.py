"""A staff member prepares the daily report, previews it, edits the lead text and sends it;
the e-mail with its PDF arrives in the mail outbox."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from pressdesk.reports.tests.conftest import World, pdf_text
from pressdesk.reports.tests.helpers import add_recipient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "Sayın Müdürüm, son 24 saatin basın özeti aşağıdadır; Şehir Hastanesi haberi öne çıkıyor."


def test_staff_previews_edits_and_sends_the_daily_report(
    province, page, browser_login, live_server, real_pdf, tmp_path
):
    world = World(province)
    world.news(
        "Şehir Hastanesi'nde acil serviste uzun kuyruk",
        sentiment="negative",
        importance=2,
        summary="<p>Hastalar saatlerce bekledi.</p>",
    )
    world.news("İl Sağlık Müdürlüğü'nden aşı kampanyası", about="directorate", sentiment="positive")
    add_recipient(province, user=province.director)
    add_recipient(
        province,
        email="bashekim@example.gov.tr",
        name="Başhekim",
        organization=province.hospital,
        only_own_institution=True,
    )

    browser_login(province.staff)
    page.goto("/reports/")
    page.select_option("#id_kind", "daily")
    page.get_by_test_id("prepare-report").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "draft")

    preview = page.frame_locator("[data-testid=report-preview]")
    expect(preview.get_by_test_id("report-story")).to_contain_text("Şehir Hastanesi'nde acil serviste uzun kuyruk")
    expect(preview.get_by_test_id("report-other-story")).to_contain_text("aşı kampanyası")

    page.locator("textarea[name=lead]").fill(LEAD)
    page.get_by_test_id("save-lead").click()
    expect(preview.get_by_test_id("report-lead")).to_contain_text(LEAD)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("send-report").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "sent")
    expect(page.get_by_test_id("deliveries").locator("tr[data-status=sent]")).to_have_count(2)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {province.director.email, "bashekim@example.gov.tr"}
    director = by_address[province.director.email]
    assert LEAD in director.body
    html, _mimetype = director.alternatives[0]
    assert "<script" not in html.lower()
    [(_name, pdf, content_type)] = director.attachments
    assert content_type == "application/pdf"
    text = pdf_text(pdf, tmp_path)
    assert "Şehir Hastanesi'nde acil serviste uzun kuyruk" in text
    assert "son 24 saatin basın özeti" in text
    hospital = by_address["bashekim@example.gov.tr"]
    assert "aşı kampanyası" not in hospital.body  # the hospital gets only its own news
