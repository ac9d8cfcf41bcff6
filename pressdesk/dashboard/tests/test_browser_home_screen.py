"""The director opens the home screen on a phone (390 px) and on a desktop (1280 px) and follows a card."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.dashboard.tests import records
from pressdesk.monitoring.models import Sentiment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _screenshot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def test_director_reads_the_day_on_a_phone_and_on_a_desktop(province, page, browser_login, live_server):
    for days in range(1, 10):
        records.story(province, f"Olağan haber {days}", when=timezone.now() - datetime.timedelta(days=days))
    records.story(province, "Şehir hastanesinde asansör arızası", items=7, sentiment_suggested=Sentiment.NEGATIVE)
    flow = records.waiting_for_director(province, "Aşı haftası basın bülteni")
    records.case_due(
        province, "Ambulans gecikmesi bilgi notu", deadline=timezone.localdate() + datetime.timedelta(days=1)
    )
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(province.director)
    page.goto("/")
    expect(page.get_by_role("heading", name="Ana sayfa", exact=True)).to_be_visible()
    on_top = page.get_by_test_id("card-approvals").bounding_box()
    below = page.get_by_test_id("card-stories").bounding_box()
    assert on_top is not None and below is not None and on_top["y"] < below["y"]  # the director's queue on top
    expect(page.get_by_test_id("card-stories")).to_contain_text("Şehir hastanesinde asansör arızası")
    expect(page.get_by_test_id("negative-count")).to_contain_text("1")
    expect(page.locator("[data-testid=spike][data-flagged]").first).to_contain_text("Tüm il")
    expect(page.get_by_test_id("card-deadlines")).to_contain_text("Ambulans gecikmesi bilgi notu")
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('home-trend-chart')) !== undefined")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways on the phone
    _screenshot(page, "home_390")
    page.get_by_test_id("card-approvals").get_by_role("link", name="Aşı haftası basın bülteni").click()
    expect(page).to_have_url(f"{live_server.url}/approvals/{flow.pk}/")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    approvals = page.get_by_test_id("card-approvals").bounding_box()
    stories = page.get_by_test_id("card-stories").bounding_box()
    assert approvals is not None and stories is not None
    # Two cards a row on a desktop; the director's approvals first.
    assert approvals["y"] == stories["y"] and stories["x"] > approvals["x"]
    _screenshot(page, "home_1280")
    page.get_by_test_id("negative-count").click()
    expect(page).to_have_url(f"{live_server.url}/triage/?sentiment=negative")
    assert problems == []
