"""In Chromium: a TV item without an address is entered with its clip and shows in the archive and the daily
report; a Bluesky Jetstream post for a watch term raises an alert (issue 30, "Done when")."""

from __future__ import annotations

import datetime
import os
import threading
import time

import pytest
from django.db import OperationalError
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.monitoring import streaming
from pressdesk.monitoring.models import ClipDetails, Outlet, Source, WatchTerm
from pressdesk.monitoring.tests.clip_files import MP4_HEAD
from pressdesk.testing.streams import FakeJetstream, jetstream_post
from pressdesk.triage import actions as triage_actions
from pressdesk.triage.models import Alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Şehir Hastanesi acil servisi genişliyor"


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def test_tv_clip_reaches_archive_and_report_and_a_jetstream_post_raises_an_alert(
    province, page, browser_login, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    WatchTerm.objects.create(
        name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate, organization=province.hospital
    )
    rule = triage_actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Şehir Hastanesi gönderileri",
        institutions=[province.directorate],
        recipients=[province.unit_head],
        max_per_hour=100,
    )
    Outlet.objects.create(name="Körfez TV", kind=Outlet.Kind.TV, reach=80000)
    clip = tmp_path / "ana-haber.mp4"
    clip.write_bytes(MP4_HEAD)

    browser_login(province.staff)
    page.goto("/monitoring/clips/broadcast/")
    form = page.get_by_test_id("clip-broadcast-form")
    form.locator("#id_outlet").select_option(label="Körfez TV")
    form.locator("#id_title").fill(TITLE)
    aired = timezone.localtime() - datetime.timedelta(hours=3)  # inside the daily report's last 24 hours
    form.locator("#id_aired_on").fill(aired.date().isoformat())
    form.locator("#id_aired_time").fill(aired.strftime("%H:%M"))
    form.locator("#id_duration").fill("2:30")
    form.locator("#id_programme").fill("Sabah Haberleri")
    form.locator("#id_reach").fill("120000")
    form.locator("#id_transcript").fill("Spiker: Şehir Hastanesi'nin acil servisi iki katına çıkıyor.")
    form.locator("#id_recording").set_input_files(str(clip))
    _shot(page, "monitoring_broadcast_clip_form")
    form.locator("button[type=submit]").click()
    details = page.get_by_test_id("clip-details")
    expect(details).to_contain_text("Sabah Haberleri")
    expect(details).to_contain_text("120000")
    expect(page.get_by_test_id("clip-file-link")).to_contain_text("ana-haber.mp4")
    assert ClipDetails.objects.get().item.url == ""
    _shot(page, "monitoring_broadcast_clip_story")

    page.goto("/monitoring/archive/?q=acil")
    expect(page.locator("main")).to_contain_text(TITLE)

    page.goto("/reports/")
    page.select_option("#id_kind", "daily")
    page.get_by_test_id("prepare-report").click()
    expect(page.frame_locator("[data-testid=report-preview]").locator("body")).to_contain_text(TITLE)

    jetstream = FakeJetstream()
    bluesky = Source.objects.create(
        name="Bluesky: Şehir Hastanesi",
        outlet=Outlet.objects.create(name="Bluesky", kind=Outlet.Kind.SOCIAL),
        organization=province.directorate,
        kind=Source.Kind.BLUESKY,
        config={"query": '"Şehir Hastanesi"'},
    )
    consumer = streaming.JetstreamConsumer([bluesky], url=jetstream.url, allow=("127.0.0.1",))
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    try:
        assert jetstream.wait_connected()
        jetstream.push(jetstream_post("did:plc:zzzzzzzzzzzzzzzzzzzzzzzz", "3kxyz", "Başka bir konu"))
        jetstream.push(jetstream_post("did:plc:zzzzzzzzzzzzzzzzzzzzzzzz", "3kabc", "Şehir Hastanesi otoparkı doldu"))
        alerted = Alert.objects.filter(rule=rule, story__items__source=bluesky)

        def has_alert() -> bool:
            # On SQLite the consumer thread shares the test's in-memory database, whose tables it
            # locks while it writes ("database table is locked"): that is an answer of "not yet".
            try:
                return alerted.exists()
            except OperationalError:
                return False

        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and not has_alert():
            time.sleep(0.25)
    finally:
        consumer.stop.set()
        consumer.close()
        thread.join(timeout=10)
        jetstream.close()
    assert Alert.objects.filter(rule=rule, story__items__source=bluesky).exists()
    page.goto("/monitoring/streams/")
    expect(page.get_by_test_id("stream-health")).to_contain_text("Bluesky: Şehir Hastanesi")
    page.goto("/triage/alerts/")
    expect(page.locator("main")).to_contain_text("Şehir Hastanesi otoparkı doldu")
    _shot(page, "monitoring_jetstream_alert")
