"""In Chromium: a channel's request through the public form and its e-mailed confirmation reaches
the unit, which records it; a staff member's own application is refused by the director with a
comment and offers no permit letter."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.broadcast.models import BroadcastRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _when(days: int, hour: int) -> str:
    return (
        (timezone.localtime() + datetime.timedelta(days=days)).replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")
    )


def test_a_public_request_is_confirmed_and_recorded_by_the_unit(province, page, browser_login):
    page.goto("/tv-radio/request/")
    form = page.get_by_test_id("public-request-form")
    form.locator("#id_province").select_option(label=province.directorate.name)
    form.locator("#id_outlet_name").fill("Körfez TV")
    form.locator("#id_programme").fill("Gündem Özel")
    form.locator("#id_kind").select_option("filming")
    form.locator("#id_topic").fill("Acil serviste bir gece")
    form.locator("#id_starts_at").fill(_when(6, 22))
    form.locator("#id_duration_minutes").fill("30")
    form.locator("#id_requester_name").fill("Selin Yapım")
    form.locator("#id_requester_email").fill("selin@yapim.example")
    form.get_by_role("button", name="Talebi gönder").click()
    expect(page.get_by_test_id("public-request-sent")).to_contain_text("selin@yapim.example")
    link = re.search(r"http\S+/request/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto("/tv-radio/" + link.split("/tv-radio/", 1)[1])
    expect(page.get_by_test_id("public-request-confirmed")).to_be_visible()

    browser_login(province.staff)
    page.goto("/tv-radio/")
    pending = page.get_by_test_id("public-pending")
    expect(pending).to_contain_text("Gündem Özel")
    pending.get_by_role("link", name="Kaydet").click()
    expect(page.locator("#id_new_outlet")).to_have_value("Körfez TV")
    page.locator("#id_guest").select_option(label=str(province.staff2))
    page.locator("form[method=post]").get_by_role("button", name="Kaydet").click()
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Alındı")
    assert BroadcastRequest.objects.get().public_requests.count() == 1


def test_a_staff_members_application_refused_by_the_director_offers_no_letter(province, page, browser_login):
    browser_login(province.staff2)
    page.goto("/tv-radio/apply/")
    page.locator("#id_new_outlet").fill("Radyo Körfez")
    page.locator("#id_new_outlet_kind").select_option("radio")
    page.locator("#id_programme").fill("Sabah Sohbeti")
    page.locator("#id_kind").select_option("phone")
    page.locator("#id_topic").fill("El hijyeni")
    page.locator("#id_starts_at").fill(_when(5, 9))
    page.locator("#id_duration_minutes").fill("20")
    page.get_by_role("button", name="Kaydet").click()
    expect(page.get_by_test_id("broadcast-guest")).to_contain_text(str(province.staff2))
    url = page.url

    page.context.clear_cookies()
    browser_login(province.staff)
    page.goto(url)
    page.get_by_role("button", name="Kontrol edildi olarak işaretle").click()
    page.get_by_role("button", name="Konuğun onay zincirine sun").click()
    for person in (province.unit_head, province.chief):
        page.context.clear_cookies()
        browser_login(person)
        page.goto(url)
        page.get_by_test_id("decision-form").get_by_role("button", name="Kararımı kaydet").click()
        expect(page.locator(".alert-success")).to_be_visible()

    page.context.clear_cookies()
    browser_login(province.director)
    page.goto(url)
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Reddet").check()
    form.locator("#id_comment").fill("Konu Bakanlıkça yanıtlanacak.")
    form.get_by_role("button", name="Kararımı kaydet").click()
    expect(page.get_by_test_id("broadcast-status")).to_have_text("Reddedildi")
    expect(page.get_by_test_id("broadcast-comment")).to_contain_text("Bakanlıkça")

    page.context.clear_cookies()
    browser_login(province.staff)
    page.goto(url)
    expect(page.get_by_role("button", name="Uygunluk yazısını hazırla")).to_have_count(0)
    assert BroadcastRequest.objects.get().permit_letter is None
