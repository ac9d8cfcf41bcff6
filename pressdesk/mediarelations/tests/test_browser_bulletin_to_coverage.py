"""The issue's journey in Chromium: import contacts, a bulletin from two approved stories, approval,
individual e-mails in the test outbox, an edited agency copy through monitoring's ingest shown as
coverage with its outlet; a press statement sent after the director's signature, no external approvals."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import MediaContact, MediaList, Release
from pressdesk.monitoring import ingest, parsing
from pressdesk.monitoring.models import Outlet, Source

from .conftest import CONTACTS_CSV
from .releases import EDITED_A, STORY_A, STORY_B, approve, approved_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>AA</title>
<item><title>{title}</title><link>https://aa.example/haber/1</link><guid>aa-1</guid>
<description>{text}</description></item></channel></rss>"""


def test_bulletin_from_two_stories_is_sent_and_its_coverage_found(province, page, browser_login, tmp_path):
    Outlet.objects.create(name="Kocaeli Gazetesi", kind=Outlet.Kind.LOCAL_NEWSPAPER)
    Outlet.objects.create(name="Anadolu Ajansı", kind=Outlet.Kind.AGENCY)
    approved_story(province, *STORY_A)
    approved_story(province, *STORY_B)
    contacts_file = tmp_path / "basin.csv"
    contacts_file.write_bytes(CONTACTS_CSV.encode("cp1254"))

    browser_login(province.staff)
    page.goto("/media-relations/import/")
    page.locator("#id_file").set_input_files(str(contacts_file))
    page.get_by_test_id("mr-import-submit").click()
    expect(page.get_by_test_id("mr-contact")).to_have_count(4)
    page.goto("/media-relations/lists/")
    page.locator("#id_name").fill("Yerel basın")
    page.get_by_test_id("mr-list-create").click()
    expect(page.get_by_role("link", name="Yerel basın")).to_be_visible()
    press_list = MediaList.objects.get()
    for contact in MediaContact.objects.all():
        actions.set_list_membership(actor=province.staff, media_list=press_list, contact=contact, member=True)

    page.goto("/media-relations/releases/new/?kind=bulletin")
    page.locator("#id_title").fill("Haftalık basın bülteni")
    page.locator("#id_lead").fill("Bu hafta il genelinde")
    page.get_by_test_id("mr-release-save").click()
    page.locator("input[name=stories]").nth(0).check()
    page.locator("input[name=stories]").nth(1).check()
    page.get_by_test_id("mr-pick").click()
    expect(page.get_by_test_id("mr-release-items").locator("li")).to_have_count(2)
    page.get_by_test_id("mr-submit").click()
    release = Release.objects.get()
    assert approve(province, release).status == "approved"

    mail.outbox.clear()
    page.reload()
    page.locator("input[name=lists]").first.check()
    page.get_by_test_id("mr-send").click()
    expect(page.get_by_test_id("mr-delivery")).to_have_count(4)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(MediaContact.objects.values_list("email", flat=True))
    expect(page.get_by_test_id("mr-send")).to_have_count(0)

    outlet = Outlet.objects.get(name="Anadolu Ajansı")
    source = Source.objects.create(
        name="AA Kocaeli", outlet=outlet, organization=province.directorate, url="https://aa.example/rss"
    )
    feed = FEED.format(title=EDITED_A[0], text=EDITED_A[1]).encode()
    now = timezone.now()
    entries = parsing.parse_feed(feed, content_type="application/rss+xml", fetched_at=now).entries
    ingest.ingest_entries(source=source, entries=entries, fetched_at=now)
    page.reload()
    expect(page.get_by_test_id("mr-coverage-row")).to_have_count(1)
    expect(page.get_by_test_id("mr-coverage-row")).to_contain_text("Anadolu Ajansı")

    # A press statement: approved up to the director, no external approvals, then to the press.
    page.goto("/media-relations/releases/new/?kind=statement")
    page.locator("#id_title").fill("Kamuoyuna duyuru")
    page.locator("#id_body").fill("İlimizde kızamık vakası görülmemiştir; aşılama sürmektedir.")
    page.get_by_test_id("mr-release-save").click()
    page.get_by_test_id("mr-submit").click()
    statement = Release.objects.get(kind=Release.Kind.STATEMENT)
    flow = approve(province, statement)
    assert flow.status == "approved" and not flow.needs_external
    mail.outbox.clear()
    page.reload()
    page.locator("input[name=lists]").first.check()
    page.get_by_test_id("mr-send").click()
    expect(page.get_by_test_id("mr-delivery")).to_have_count(4)
    assert len(mail.outbox) == 4 and all("Kamuoyuna duyuru" in m.subject for m in mail.outbox)
