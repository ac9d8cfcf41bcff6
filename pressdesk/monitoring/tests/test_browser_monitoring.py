"""An administrator adds a feed served on 127.0.0.1, checks it, sees the copies as one story and finds an item."""

import os

import pytest
from playwright.sync_api import expect

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import Item, Outlet, Source, WatchTerm
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY_TEXT = (
    "Kocaeli Şehir Hastanesi'nde yeni yoğun bakım ünitesi hizmete girdi. İl Sağlık Müdürü açılışta yaptığı "
    "konuşmada ünitenin 40 yatak kapasiteli olduğunu ve bölge hastalarına hizmet vereceğini söyledi. "
    "Törene hastane çalışanları ve vatandaşlar katıldı."
)


def _rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Sun, 22 Nov 2026 07:15:00 +0300</pubDate><description>{text}</description></item>"
        for title, link, text in items
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Haber</title>'
    return f"{head}{entries}</channel></rss>".encode()


@pytest.fixture
def feeds():
    server = FakeServer()
    server.serve(
        "/ajans.xml",
        _rss([("Kocaeli Şehir Hastanesi'nde yeni yoğun bakım ünitesi", "https://ajans.example/haber/1", STORY_TEXT)]),
    )
    server.serve(
        "/yerel.xml",
        _rss(
            [
                (
                    "Kocaeli Şehir Hastanesi'nde yeni yoğun bakım ünitesi açıldı",
                    "https://yerel.example/h/9",
                    STORY_TEXT,
                ),
                ("Körfez'de sahil yolu trafiğe kapandı", "https://yerel.example/h/10", "Yol çalışması nedeniyle."),
            ]
        ),
    )
    yield server
    server.close()


def test_admin_adds_a_feed_and_finds_the_story(province, page, browser_login, live_server, feeds):
    WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate)
    agency = Source.objects.create(
        outlet=Outlet.objects.create(name="Anka Ajansı", kind=Outlet.Kind.AGENCY),
        organization=province.directorate,
        url=feeds.url("/ajans.xml"),
        allowed_private=True,
    )
    polling.poll_source(source_id=agency.pk)
    assert Item.objects.count() == 1

    browser_login(province.admin)
    page.goto("/monitoring/sources/new/")
    form = page.get_by_test_id("source-form")
    form.locator("#id_name").fill("Körfez Haber RSS")
    form.locator("#id_url").fill(feeds.url("/yerel.xml"))
    form.locator("#id_new_outlet_name").fill("Körfez Haber")
    form.locator("#id_new_outlet_province").fill("Kocaeli")
    form.locator("#id_allowed_private").check()
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", name="Körfez Haber RSS")).to_be_visible()

    page.get_by_test_id("poll-now").click()
    page.wait_for_load_state()
    local = Source.objects.get(name="Körfez Haber RSS")
    if not local.fetch_logs.exists():  # the task runs on commit; poll directly if it did not run
        polling.poll_source(source_id=local.pk)
    assert Item.objects.count() == 3

    page.goto("/monitoring/")
    stories = page.get_by_test_id("story")
    expect(stories.filter(has_text="yoğun bakım")).to_have_count(1)
    story = stories.filter(has_text="yoğun bakım")
    expect(story.get_by_test_id("outlet-count")).to_contain_text("2")
    expect(story).to_contain_text("Anka Ajansı")
    expect(story).to_contain_text("Körfez Haber")
    expect(story.locator("mark").first).to_contain_text("Şehir Hastanesi")

    page.goto("/monitoring/archive/")
    page.locator("#id_q").fill("SAHİL")
    page.get_by_test_id("archive-search").click()
    results = page.get_by_test_id("archive-item")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Körfez'de sahil yolu trafiğe kapandı")

    # Typed without Turkish letters, sorted by relevance: both copies, the words marked.
    page.locator("#id_q").fill("yogun bakim unitesi")
    page.locator("#id_sort").select_option("relevance")
    page.get_by_test_id("archive-search").click()
    expect(results).to_have_count(2)
    expect(results.first.locator("mark").filter(has_text="yoğun").first).to_be_visible()
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/monitoring_archive.png", full_page=True)
