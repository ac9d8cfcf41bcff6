"""In Chromium: the source form shows the chosen kind's fields, and hostile feed content never runs."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import Item, Outlet, Source, WatchTerm
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kötü</title><item>'
    "<title><![CDATA[Şehir Hastanesi <img src=x onerror=alert(1)> &lt;script&gt;alert(2)&lt;/script&gt;]]></title>"
    "<link>https://kotu.example/haber/1</link><guid>k1</guid>"
    '<description><![CDATA[<p onmouseover="alert(3)">Şehir Hastanesi açıklaması</p><script>alert(4)</script>'
    '<a href="javascript:alert(5)">tıkla</a><svg onload="alert(6)"></svg>]]></description></item></channel></rss>'
)


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def test_staff_adds_a_mailbox_and_sees_only_its_fields(province, page, browser_login, live_server):
    Outlet.objects.create(name="Interpress", kind=Outlet.Kind.AGENCY)
    browser_login(province.staff)
    page.goto("/monitoring/sources/new/")
    page.get_by_test_id("source-kinds").locator("[data-kind=imap]").click()
    form = page.get_by_test_id("source-form")
    expect(form.locator("#id_imap_host")).to_be_visible()
    expect(form.locator("#id_url")).to_have_count(0)
    form.locator("#id_name").fill("Kupür e-postaları")
    form.locator("#id_imap_host").fill("imaps://imap.saglik.example")
    form.locator("#id_imap_username").fill("basin@saglik.example")
    form.locator("#id_imap_password").fill("Parola-2026")
    form.locator("#id_outlet").select_option(label="Interpress")
    form.locator("button[type=submit]").click()
    expect(page.locator("#id_imap_host")).to_have_class("form-control is-invalid")
    expect(page.locator("#id_imap_password")).to_have_value("")  # never sent back to the browser
    _shot(page, "monitoring_source_form_imap_error")
    form = page.get_by_test_id("source-form")
    form.locator("#id_imap_host").fill("imap.saglik.example")
    form.locator("#id_imap_password").fill("Parola-2026")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("source-target")).to_have_text("basin@saglik.example@imap.saglik.example/INBOX")
    source = Source.objects.get(kind=Source.Kind.IMAP)
    assert source.secret and "Parola-2026" not in page.content()
    _shot(page, "monitoring_source_detail_imap")


def test_hostile_feed_content_does_not_run_in_the_browser(province, page, browser_login, live_server):
    server = FakeServer()
    try:
        server.serve("/kotu.xml", HOSTILE.encode())
        WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate)
        source = Source.objects.create(
            name="Kötü akış",
            outlet=Outlet.objects.create(name="Kötü Gazete"),
            organization=province.directorate,
            url=server.url("/kotu.xml"),
            allowed_private=True,
        )
        polling.poll_source(source_id=source.pk)
    finally:
        server.close()
    item = Item.objects.get()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_login(province.staff)
    for url in (
        "/monitoring/",
        f"/monitoring/stories/{item.story_id}/",
        "/monitoring/archive/?q=hastanesi",
        f"/monitoring/sources/{source.pk}/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        page.mouse.move(200, 300)
        expect(page.locator("main >> text=Şehir Hastanesi >> visible=true").first).to_be_visible()
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    _shot(page, "monitoring_source_detail_hostile")
