"""The main pages load and their scripts run under the Content-Security-Policy with no violation or console error."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pressdesk.monitoring.models import Item
from pressdesk.publishing import actions as publishing_actions
from pressdesk.reports.tests.helpers import daily_report
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


class Watch:
    """Console errors, uncaught exceptions and CSP violations of one page, whatever it loads."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))

    def _console(self, message: Any) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text or "Permissions-Policy" in text:
            self.problems.append(f"{self.page.url}: console {message.type}: {text}")

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.header_value("content-security-policy") or ""), path
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def collect(self) -> None:
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{self.page.url}: violation {violation}")


def test_main_pages_have_no_csp_violation_or_console_error(province, page, browser_login, live_server):
    hospital_term(province)
    story = story_of(ingest(source_for(province), NEGATIVE))
    Item.objects.filter(story=story).update(url="javascript:alert(1)")  # stored before ingest checked links
    news = publishing_actions.create_story(
        actor=province.staff,
        organization=province.directorate,
        title="Aşı haftası başladı",
        spot="İl Sağlık Müdürlüğü aşı haftasında vatandaşları bilgilendirdi.",
        body_html="<p>Aşı haftası <strong>başladı</strong>.</p>",
    )
    report = daily_report(province)

    watch = Watch(page)
    browser_login(province.staff)
    watch.collect()
    for path in (
        reverse("home"),
        reverse("monitoring:archive") + "?q=acil",
        reverse("monitoring:story_detail", args=[story.pk]),
        reverse("triage:live"),
        reverse("triage:story", args=[story.pk]),
        reverse("publishing:list"),
        reverse("publishing:detail", args=[news.pk]),
        reverse("publishing:edit", args=[news.pk]),
        reverse("reports:report_list"),
        reverse("reports:report_detail", args=[report.pk]),
        reverse("reports:statistics"),
        reverse("infonotes:board"),
        reverse("newsroom:index"),
    ):
        watch.visit(path)

    # The scripts really ran: the editor's toolbar replaced the textarea, the charts drew, the menus open.
    watch.visit(reverse("publishing:edit", args=[news.pk]))
    expect(page.locator("[data-editor-surface]")).to_be_visible()
    watch.visit(reverse("reports:statistics"))
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('chart-volume')) !== undefined")
    watch.visit(reverse("home"))
    page.get_by_role("button", name=province.staff.first_name).click()
    expect(page.locator(".dropdown-menu-end")).to_be_visible()
    watch.collect()
    assert watch.problems == []


def test_year_choice_sends_its_form_without_an_inline_handler(province, page, browser_login, live_server):
    watch = Watch(page)
    browser_login(province.admin)
    watch.visit(reverse("workdays:list"))
    year = page.locator("#year")
    options = year.locator("option").all_inner_texts()
    chosen = options[0] if options[0] != year.input_value() else options[-1]
    with page.expect_navigation():
        year.select_option(chosen)
    assert f"year={chosen}" in page.url
    watch.collect()
    assert watch.problems == []
