"""Issue 26, point 9: the unit's activity statistics by process for a period, as SVG charts, and the
annual activity report section as DOCX; a constant number of queries, the province's own figures only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressdesk.lib import activity
from pressdesk.meetings import statistics
from pressdesk.meetings.models import Meeting
from pressdesk.testing.factories import UserFactory
from pressdesk.testing.meetings import make_meeting

pytestmark = pytest.mark.django_db


def _held(province, when, n=1, **fields):
    for index in range(n):
        make_meeting(province, title=f"Toplantı {index}", start=when, status=Meeting.Status.HELD, **fields)


def test_period_bounds():
    assert statistics.period_bounds(2026, "year") == (datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
    assert statistics.period_bounds(2026, "h2") == (datetime.date(2026, 7, 1), datetime.date(2027, 1, 1))
    assert statistics.period_bounds(2026, "q2") == (datetime.date(2026, 4, 1), datetime.date(2026, 7, 1))
    assert statistics.period_bounds(2026, "m12") == (datetime.date(2026, 12, 1), datetime.date(2027, 1, 1))


def _page(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_the_statistics_page_draws_each_registered_figure_for_the_period(province, client):
    year = timezone.localdate().year
    march = timezone.make_aware(datetime.datetime(year, 3, 10, 10, 0))
    _held(province, march, n=2)
    client.force_login(province.staff)
    url = reverse("meetings:statistics") + f"?year={year}&part=year"
    page, queries = _page(client, url)
    assert page.count('data-testid="activity-figure"') == len(activity.figures())
    assert "<svg" in page and "<rect" in page and "Oca" in page
    rows = {
        row.figure.key: row for row in statistics.collect(province.directorate, *statistics.period_bounds(year, "year"))
    }
    assert rows["meetings.held"].total == "2"
    # A constant number of queries, however many records.
    _held(province, march + datetime.timedelta(days=30), n=5)
    assert _page(client, url)[1] == queries
    # The first quarter holds the meetings of March, the second holds none of them.
    q2 = statistics.collect(province.directorate, *statistics.period_bounds(year, "q2"))
    assert {row.figure.key: row.total for row in q2}["meetings.held"] == "5"
    q1 = statistics.collect(province.directorate, *statistics.period_bounds(year, "q1"))
    assert {row.figure.key: row.total for row in q1}["meetings.held"] == "2"


def test_the_activity_report_is_a_docx_the_unit_edits(province, client):
    from docx import Document

    year = timezone.localdate().year
    _held(province, timezone.make_aware(datetime.datetime(year, 2, 3, 10, 0)), n=3)
    client.force_login(province.unit_head)
    response = client.get(reverse("meetings:activity_report") + f"?year={year}&part=year")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"{year} FAALİYET RAPORU" in text and "Yapılan toplantılar: 3" in text
    assert document.tables and document.tables[0].rows[0].cells[-1].text == "Toplam"


def test_only_the_unit_sees_its_own_provinces_figures(province, client):
    year = timezone.localdate().year
    _held(province, timezone.make_aware(datetime.datetime(year, 5, 5, 10, 0)), n=4)
    url = reverse("meetings:statistics") + f"?year={year}"
    client.force_login(province.affiliate)
    assert client.get(url).status_code == 403
    client.force_login(province.requester)
    assert client.get(url).status_code == 403
    other_unit = province.other_directorate
    outsider = UserFactory(username="denizli-basin", role="staff", organization=other_unit)
    rows = statistics.collect(other_unit, *statistics.period_bounds(year, "year"))
    assert {row.figure.key: row.total for row in rows}["meetings.held"] == "0"
    client.force_login(outsider)
    assert client.get(url).status_code in (200, 403)
    assert client.get(reverse("meetings:statistics") + "?year=bozuk").status_code in (200, 403)
