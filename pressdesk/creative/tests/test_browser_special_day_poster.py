"""In Chromium: the requester asks for a special-day poster; the unit accepts it and gives it to a
designer; the designer uploads two drafts; the requester pins a comment on the first and asks for a
change, then approves the second, which lands in the asset library."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.creative.models import Asset, DesignRequest, SpecialDay
from pressdesk.testing.creative import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def _as(page, browser_login, user):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return browser_login(user)


def _upload(page, tmp_path, name: str, color: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(png_bytes(width=600, height=400, color=color))
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_test_id("creative-version-form").locator("button[type=submit]").click()


def test_a_special_day_poster_from_brief_to_approved_draft(province, page, browser_login, live_server, tmp_path):
    day = SpecialDay.objects.get(name="Dünya Sağlık Günü")
    _as(page, browser_login, province.requester)
    page.goto("/creative/new/")
    page.locator("#id_kind").select_option("special_day")
    page.locator("#id_title").fill("Dünya Sağlık Günü afişi")
    page.locator("#id_purpose").fill("Aile sağlığı merkezlerinde asılacak")
    page.locator("#id_texts").fill("Sağlığınız için her gün 30 dakika yürüyün")
    page.locator("#id_medium").select_option("print")
    page.locator("#id_quantity").fill("40")
    page.locator("#id_deadline").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_special_day").select_option(str(day.pk))
    page.get_by_test_id("creative-request-form").locator("button[type=submit]").click()
    expect(page.get_by_text("Tasarımın boyutunu veya biçimini yazın")).to_be_visible()  # no size: refused, kept
    page.locator("#id_sizes").fill("A3")
    page.get_by_test_id("creative-request-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-title")).to_have_text("Dünya Sağlık Günü afişi")
    expect(page.get_by_test_id("creative-queue")).to_contain_text("1")
    request = DesignRequest.objects.get()

    _as(page, browser_login, province.unit_head)
    page.goto(f"/creative/{request.pk}/")
    decide = page.get_by_test_id("creative-decide")
    decide.locator("select[name=decision]").select_option("accept")
    decide.locator("select[name=priority]").select_option("3")
    decide.locator("select[name=designer]").select_option(str(province.staff.pk))
    decide.locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Kabul edildi")

    _as(page, browser_login, province.staff)
    page.goto(f"/creative/{request.pk}/")
    _upload(page, tmp_path, "taslak1.png", "#2e86c1")
    expect(page.get_by_test_id("creative-version-1").locator("img")).to_be_visible()

    _as(page, browser_login, province.requester)
    page.goto(f"/creative/{request.pk}/")
    first = page.get_by_test_id("creative-version-1")
    first.locator("img").click(position={"x": 60, "y": 40})
    first.locator("textarea[name=text]").fill("Logo burada daha büyük olsun")
    first.get_by_role("button", name="Yorumu ekle").click()
    first = page.get_by_test_id("creative-version-1")
    expect(first.locator(".creative-pin")).to_have_count(1)
    answer = page.get_by_test_id("creative-answer-1")
    answer.locator("select[name=approve]").select_option("0")
    answer.locator("textarea[name=comment]").fill("Zemin rengi daha açık olsun")
    answer.locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Değişiklik istendi")

    _as(page, browser_login, province.staff)
    page.goto(f"/creative/{request.pk}/")
    _upload(page, tmp_path, "taslak2.png", "#aed6f1")
    expect(page.get_by_test_id("creative-version-2").locator("img")).to_be_visible()

    _as(page, browser_login, province.requester)
    page.goto(f"/creative/{request.pk}/")
    answer = page.get_by_test_id("creative-answer-2")
    answer.locator("select[name=approve]").select_option("1")
    answer.locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Onaylandı")
    _shot(page, "creative_request_approved")
    final = Asset.objects.get(kind="final")
    assert final.version is not None and final.version.number == 2
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/creative/assets/{final.pk}/")
    expect(page.get_by_role("heading", name="Dünya Sağlık Günü afişi")).to_be_visible()
    _shot(page, "creative_final_in_library_phone")
