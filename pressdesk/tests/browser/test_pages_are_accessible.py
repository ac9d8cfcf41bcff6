"""Every menu page of every role passes axe-core with no serious or critical violation (issue 23, defect 11).

axe-core comes from the npm registry with the other front-end assets (``package.json``;
``script/bootstrap`` runs ``npm ci``) and is injected by Playwright through the DevTools
protocol, which the page's Content-Security-Policy does not govern, so the pages are tested
exactly as they are served.

Each role logs in once, reads its own navigation bar and opens its landing page and every
link in it at 1280 px and again at 390 px (a phone) in the same logged-in browser context; a
page already checked at that width for another role is not checked again (the same
template, other rows). The public newsroom's pages are checked at both widths too. Console
errors count as failures too.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pressdesk.infonotes.models import Case
from pressdesk.monitoring.models import Item
from pressdesk.publishing import actions as publishing_actions
from pressdesk.reports.tests.helpers import daily_report
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
#: What is enforced: violations of these impacts fail the test.
BLOCKING = {"serious", "critical"}
ROLES = ("staff", "unit_head", "chief", "director", "affiliate", "requester", "admin")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RUN_AXE = """
async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(
      n => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").slice(0, 2).join(" ")
    ),
  }));
}
"""


class Auditor:
    """Opens pages, runs axe-core on each and keeps what fails."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.checked: set[tuple[str, int]] = set()
        self.source = AXE.read_text(encoding="utf-8")
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"{self.page.url}: console error: {message.text}")

    def audit(self, path: str) -> None:
        width = self.page.viewport_size["width"]
        if (path, width) in self.checked:
            return
        self.checked.add((path, width))
        response = self.page.goto(path)
        assert response is not None, path
        if response.status != 200:
            self.problems.append(f"{path}: HTTP {response.status}")
            return
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate(self.source)
        for violation in self.page.evaluate(RUN_AXE):
            if violation["impact"] in BLOCKING:
                self.problems.append(
                    f"{path} @{width}px: {violation['impact']} {violation['id']} ({violation['help']}): "
                    + " | ".join(violation["nodes"])
                )

    def menu_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all("nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
        skip = ("/static/", reverse("logout"), "/media/")
        return sorted({href.split("#")[0] for href in hrefs if not href.startswith(skip) and "export" not in href})


@pytest.fixture
def records(province: Any) -> dict[str, Any]:
    hospital_term(province)
    story = story_of(ingest(source_for(province), NEGATIVE))
    news = publishing_actions.create_story(
        actor=province.staff,
        organization=province.directorate,
        title="Aşı haftası başladı",
        spot="İl Sağlık Müdürlüğü aşı haftasında vatandaşları bilgilendirdi.",
        body_html="<p>Aşı haftası <strong>başladı</strong>.</p>",
    )
    # An answered information-note request: the unit's statistics show a table of answer times.
    answered = timezone.now() - datetime.timedelta(hours=1)
    Case.objects.create(
        title="Acil servis haberi",
        organization=province.unit,
        institution=province.hospital,
        request_sent_at=answered - datetime.timedelta(hours=30),
        answered_at=answered,
        created_by=province.staff,
    )
    return {"story": story, "news": news, "report": daily_report(province), "items": Item.objects.count()}


def test_every_menu_page_of_every_role_passes_axe(province, records, page, browser_login, live_server, context):
    assert AXE.exists(), "axe-core is missing: run script/bootstrap (npm ci)"
    auditor = Auditor(page)
    # Pages no menu links to: the archive's search, the pages a story leads to, the unit's statistics.
    extra = {
        "staff": [
            reverse("monitoring:archive") + "?q=acil",
            reverse("monitoring:story_detail", args=[records["story"].pk]),
            reverse("publishing:detail", args=[records["news"].pk]),
            reverse("reports:report_detail", args=[records["report"].pk]),
            reverse("meetings:statistics"),
            reverse("monitoring:clipping_services"),
            reverse("creative:story_library", args=[records["news"].pk]),
            reverse("home_layout"),
        ],
        "director": [reverse("monitoring:archive") + "?q=acil"],
    }
    for role in ROLES:
        context.clear_cookies()
        page.set_viewport_size(DESKTOP)
        browser_login(getattr(province, role))
        landing = page.url.removeprefix(live_server.url)
        links = auditor.menu_links()
        assert links, f"{role}: no menu"
        # Every menu item at both widths, in the one logged-in context of the role.
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            for path in [landing, *links, *extra.get(role, [])]:
                auditor.audit(path)
    # The public newsroom, at both widths, for a visitor who is not logged in.
    context.clear_cookies()
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for path in (reverse("newsroom:index"), reverse("newsroom:index") + "?q=aşı", reverse("newsroom:about")):
            auditor.audit(path)
    assert auditor.problems == [], "\n".join(auditor.problems)
