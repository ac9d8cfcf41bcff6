"""The administrator keeps the organization tree in Chromium: add, refuse a cycle, search in Turkish."""

import pytest
from playwright.sync_api import expect

from pressdesk.organizations.models import Organization, OrganizationKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_adds_a_hospital_under_the_directorate(province, page, browser_login):
    browser_login(province.admin)
    page.goto("/organizations/")
    expect(page.get_by_role("heading", name="Kurumlar")).to_be_visible()
    page.get_by_role("link", name="Yeni kurum").click()
    expect(page.get_by_role("heading", name="Yeni kurum")).to_be_visible()
    page.locator("#id_name").fill("Gebze Fatih Devlet Hastanesi")
    page.locator("#id_kind").select_option(OrganizationKind.HOSPITAL.value)
    page.locator("#id_code").fill("gebze-fatih")
    page.get_by_label("Üst kurum").select_option(str(province.directorate.pk))
    page.get_by_role("button", name="Kurum ekle").click()

    expect(page.get_by_role("heading", name="Kurumlar")).to_be_visible()
    expect(page.get_by_text("“Gebze Fatih Devlet Hastanesi” eklendi.")).to_be_visible()
    hospital = Organization.objects.get(code="gebze-fatih")
    assert hospital.parent == province.directorate
    row = page.locator(f"#org-{hospital.pk}")
    expect(row).to_contain_text("Gebze Fatih Devlet Hastanesi")
    expect(row).to_contain_text("Hastane")
    # In the tree it sits one level below the top-level directorate.
    expect(page.locator(f"#org-{province.directorate.pk} td").first).to_have_class("depth-0")
    expect(row.locator("td").first).to_have_class("depth-1")


def test_moving_the_directorate_under_its_own_hospital_is_refused(province, page, browser_login):
    browser_login(province.admin)
    page.goto(f"/organizations/{province.directorate.pk}/edit/")
    expect(page.get_by_role("heading", name="Düzenle")).to_contain_text("Kocaeli İl Sağlık Müdürlüğü")
    page.get_by_label("Üst kurum").select_option(str(province.hospital.pk))
    page.get_by_role("button", name="Kaydet", exact=True).click()

    expect(page.locator("#id_parent_error")).to_have_text(
        "Bir kurum kendisinin veya kendi alt birimlerinin altına taşınamaz."
    )
    expect(page.get_by_role("alert")).to_contain_text("Hiçbir şey kaydedilmedi.")
    province.directorate.refresh_from_db()
    assert province.directorate.parent is None


def test_tree_search_in_capitals_finds_the_city_hospital(province, page, browser_login):
    browser_login(province.admin)
    page.goto("/organizations/")
    expect(page.get_by_role("heading", name="Kurumlar")).to_be_visible()
    page.get_by_role("searchbox", name="Ara").fill("ŞEHİR")
    page.get_by_role("button", name="Süz").click()

    results = page.locator("#org-results")
    expect(results.get_by_role("link", name="Kocaeli Şehir Hastanesi", exact=True)).to_be_visible()
    expect(page.get_by_test_id("org-count")).to_contain_text(
        f"{Organization.objects.count()} kurumdan 1 tanesi eşleşiyor."
    )
    # Other hospitals are filtered out; the directorate above the match stays, greyed, as context.
    expect(results.get_by_text("Derince EAH")).to_have_count(0)
    expect(page.locator(f"#org-{province.directorate.pk}")).to_have_class("text-body-secondary")
