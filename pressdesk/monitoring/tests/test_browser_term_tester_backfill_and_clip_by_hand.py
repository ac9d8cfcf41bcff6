"""One journey: a query tried as it is typed, the term saved and run over the archive, a paywalled clip typed in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pressdesk.monitoring import actions
from pressdesk.monitoring.models import Backfill, ClipFile, Item, ItemMatch, Outlet, WatchTerm
from pressdesk.monitoring.tests.archive_items import archive_item, province_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_try_a_query_run_it_over_the_archive_and_type_in_a_clip(
    province, page, browser_login, live_server, monkeypatch, tmp_path
):
    queued: list[tuple[object, ...]] = []
    # The worker is this test: the back-fill task is recorded, not sent.
    monkeypatch.setattr("pressdesk.monitoring.actions.enqueue", lambda task, *args: queued.append(args))
    own = province_source(province.directorate)
    archive_item(own, "Kocaeli Şehir Hastanesi'nde yeni yoğun bakım", "Yoğun bakım 40 yatağa çıktı.", days_ago=3)
    archive_item(own, "Belediye meclisi toplandı", days_ago=2)
    archive_item(province_source(province.other_directorate, "Denizli"), "Denizli Şehir Hastanesi'nde yoğun bakım")
    Outlet.objects.create(name="Kocaeli Gazetesi (basılı)", kind=Outlet.Kind.LOCAL_NEWSPAPER)

    browser_login(province.staff)
    page.goto("/monitoring/terms/new/")
    page.locator("#id_name").fill("Şehir Hastanesi")
    query = page.locator("#id_query")
    query.focus()
    page.keyboard.type("(Şehir Hastanesi")  # typed, not pasted: the tester follows the keystrokes
    tester = page.get_by_test_id("term-test")
    expect(tester.get_by_test_id("term-test-error")).to_contain_text("Parantezler eşleşmiyor")
    page.keyboard.press("End")
    page.keyboard.type(")")
    expect(tester.get_by_test_id("term-test-count")).to_have_text("1 haber eşleşti")
    expect(tester.get_by_test_id("term-test-item")).to_have_count(1)  # not the other province's item
    expect(tester.locator("mark")).to_have_text(["Şehir", "Hastanesi'nde"])
    page.get_by_test_id("term-form").locator("button[type=submit]").click()

    term = WatchTerm.objects.get()
    backfill = page.get_by_test_id("backfill")
    page.get_by_test_id("backfill-start").click()
    expect(backfill).to_have_attribute("data-status", "queued")
    expect(backfill.get_by_test_id("backfill-progress")).to_be_visible()
    run = Backfill.objects.get(term=term)
    assert queued == [(run.pk,)]
    actions.run_backfill(backfill_id=run.pk)
    expect(backfill).to_have_attribute("data-status", "done", timeout=10_000)
    expect(backfill.get_by_test_id("backfill-done")).to_contain_text("2 haber tarandı, 1 eşleşme eklendi")
    assert ItemMatch.objects.filter(term=term).count() == 1

    page.goto("/monitoring/clips/new/")
    page.get_by_test_id("clip-manual-link").click()
    form = page.get_by_test_id("clip-manual-form")
    form.locator("#id_outlet").select_option(label="Kocaeli Gazetesi (basılı)")
    form.locator("#id_title").fill("Şehir Hastanesi'ne yeni MR cihazı")
    form.locator("#id_published_on").fill("2026-12-01")
    form.locator("#id_text").fill("Kocaeli Şehir Hastanesi'ne yeni bir MR cihazı kuruldu.")
    scan = tmp_path / "gazete-sayfa.pdf"
    scan.write_bytes(b"%PDF-1.4 taranmis sayfa")
    form.locator("#id_file").set_input_files(str(scan))
    form.locator("button[type=submit]").click()

    expect(page.locator("h1")).to_contain_text("Şehir Hastanesi'ne yeni MR cihazı")
    expect(page.get_by_test_id("clip-file-link")).to_contain_text("gazete-sayfa.pdf")
    item = Item.objects.get(title="Şehir Hastanesi'ne yeni MR cihazı")
    assert item.matched and ClipFile.objects.get().item == item
    assert ItemMatch.objects.filter(item=item, term=term).exists()
