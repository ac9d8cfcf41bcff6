"""The administrator edits a row of the responsibility matrix in Chromium; nobody else reaches it."""

import pytest
from playwright.sync_api import expect

from pressdesk.organizations.models import Responsibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECOND_CONTROL = 6  # code, process, three responsible, then the 1st, 2nd and 3rd control


def test_admin_clears_the_second_control_of_process_3_6(province, page, browser_login):
    browser_login(province.admin)
    page.goto("/organizations/matrix/")
    expect(page.get_by_role("heading", name="Sorumluluk matrisi")).to_be_visible()
    row = page.get_by_test_id("matrix-row-3.6")
    expect(row.get_by_role("cell").nth(SECOND_CONTROL)).to_have_text("Başkan")

    row.get_by_role("link", name="Düzenle").click()
    expect(page.get_by_role("heading", name="3.6 Kurumsal İnternet Sitesi")).to_be_visible()
    expect(page.get_by_label("2. kontrol (paraf)")).to_have_value("chief")
    page.get_by_label("2. kontrol (paraf)").select_option(label="— kimse —")
    page.get_by_label("1. kontrol (paraf)").select_option(label="Birim Çalışanı")
    page.get_by_role("button", name="Kaydet", exact=True).click()

    expect(page.get_by_role("heading", name="Sorumluluk matrisi")).to_be_visible()
    expect(page.get_by_text("3.6 matris satırı kaydedildi.")).to_be_visible()
    row = page.get_by_test_id("matrix-row-3.6")
    expect(row.get_by_role("cell").nth(SECOND_CONTROL - 1)).to_have_text("Birim Çalışanı")
    expect(row.get_by_role("cell").nth(SECOND_CONTROL)).to_have_text("—")
    expect(row.get_by_role("cell").nth(SECOND_CONTROL + 1)).to_have_text("İl Sağlık Müdürü")
    saved = Responsibility.objects.get(process__code="3.6", organization=None)
    assert (saved.control_1, saved.control_2, saved.control_3) == ("staff", "", "director")


def test_staff_opening_the_matrix_gets_the_turkish_403_page(province, page, browser_login):
    browser_login(province.staff)
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
    response = page.goto("/organizations/matrix/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Bu işlem için yetkiniz yok")).to_be_visible()
    expect(page.get_by_test_id("matrix")).to_have_count(0)


def test_on_a_phone_the_matrix_fits_the_screen(province, page, browser_login):
    """At 390 px each row is a card of labelled lines: nothing to scroll sideways (issue 23, defect 9)."""
    browser_login(province.admin)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/organizations/matrix/")
    row = page.get_by_test_id("matrix-row-3.6")
    expect(row).to_contain_text("Başkan")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.querySelector('[data-testid=matrix]').scrollWidth") <= 390
    label = row.locator("td").nth(SECOND_CONTROL).evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "2. kontrol (paraf)" in label


def test_on_a_phone_every_triage_tab_is_on_screen(province, page, browser_login):
    browser_login(province.staff)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/triage/")
    tab = page.get_by_role("link", name="Uyarı kanallarım")
    box = tab.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
