"""Issue 26 point 9, the two duration figures: information-note answer times (request → answer) and
approval cycle times per chain step (step reached → its decision), as median, 90th percentile and
count per month and per period, each computed in the database in one query."""

from __future__ import annotations

import datetime
import io
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pressdesk.accounts.models import Role
from pressdesk.approvals.models import ApprovalDecision, ApprovalFlow, ApprovalStep
from pressdesk.infonotes.models import Case
from pressdesk.infonotes.queries import answer_times
from pressdesk.lib import activity
from pressdesk.meetings import statistics
from pressdesk.organizations.models import Process
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)
_documents = itertools.count(1)


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _case(province, organization, sent, hours):
    return Case.objects.create(
        title="Olumsuz haber",
        organization=organization,
        institution=province.hospital,
        request_sent_at=sent,
        answered_at=sent + hours * H,
        created_by=province.staff,
    )


def _flow(province, organization, submitted, rounds):
    """A flow submitted at ``submitted``; ``rounds`` is a list of (role, action, hours after the last act)."""
    flow = ApprovalFlow.objects.create(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=next(_documents),
        title="Bilgi notu",
        process=Process.objects.get(code="3.2"),
        organization=organization,
        chain_organization=organization,
        author=province.staff,
    )
    steps = {
        role: ApprovalStep.objects.create(flow=flow, order=n, role=role, kind="initial")
        for n, role in enumerate(["unit_head", "chief", "director"], start=1)
    }
    now = submitted
    ApprovalDecision.objects.create(flow=flow, action="submitted", actor=province.staff, created_at=now)
    for role, action, hours in rounds:
        now += hours * H
        step = steps.get(role)
        ApprovalDecision.objects.create(flow=flow, step=step, action=action, role=role, created_at=now)
    return flow


def test_answer_times_median_p90_and_count_per_month_and_period(province):
    year = timezone.localdate().year - 1
    for hours in (2, 4, 6, 8, 100):  # March
        _case(province, province.unit, _at(year, 3, 2), hours)
    _case(province, province.unit, _at(year, 4, 2), 10)  # April
    _case(province, province.unit, _at(year, 5, 30), 24 * 10)  # answered in June
    _case(province, SecondProvince(province).unit, _at(year, 3, 2), 1)  # another province's
    start, end = statistics.period_bounds(year, "year")
    with CaptureQueriesContext(connection) as captured:
        (group,) = answer_times(province.directorate, start, end)
    assert len(captured) == 1
    march = group.months[datetime.date(year, 3, 1)]
    assert (march.count, march.median, march.p90) == (5, 6.0, 100.0)
    assert group.months[datetime.date(year, 4, 1)].median == 10.0
    assert group.months[datetime.date(year, 6, 1)].median == 240.0
    assert datetime.date(year, 5, 1) not in group.months
    # The period: 2, 4, 6, 8, 10, 100, 240 → the 4th is the median, the 7th the 90th percentile.
    assert (group.period.count, group.period.median, group.period.p90) == (7, 8.0, 240.0)
    q1 = statistics.period_bounds(year, "q1")
    (first_quarter,) = answer_times(province.directorate, *q1)
    assert first_quarter.period.count == 5


def test_approval_cycle_times_per_step_count_each_round(province):
    year = timezone.localdate().year - 1
    unit = province.unit
    _flow(
        province,
        unit,
        _at(year, 2, 1),
        [("unit_head", "initialled", 2), ("chief", "initialled", 5), ("director", "signed", 20)],
    )
    _flow(
        province,
        unit,
        _at(year, 2, 3),
        [("unit_head", "initialled", 4), ("chief", "initialled", 1), ("director", "signed", 30)],
    )
    # Returned by the chief after 3 h, resubmitted 50 h later: the unit head's second round counts from it.
    flow = _flow(province, unit, _at(year, 2, 5), [("unit_head", "initialled", 6), ("chief", "returned", 3)])
    ApprovalDecision.objects.create(flow=flow, action="submitted", created_at=_at(year, 2, 5) + 59 * H)
    ApprovalDecision.objects.create(
        flow=flow,
        step=flow.steps.get(role="unit_head"),
        action="initialled",
        role="unit_head",
        created_at=_at(year, 2, 5) + 60 * H,
    )
    other = SecondProvince(province)
    _flow(province, other.unit, _at(year, 2, 1), [("unit_head", "initialled", 500)])
    rows = {
        row.figure.key: row
        for row in statistics.collect_durations(province.directorate, *statistics.period_bounds(year, "year"))
    }
    unit_head, chief, director = rows["approvals.step_cycle_times"].lines
    assert (unit_head.count, unit_head.median, unit_head.p90) == ("4", "2,0", "6,0")  # 2, 4, 6, 1
    assert (chief.count, chief.median, chief.p90) == ("3", "3,0", "5,0")  # 5, 1, 3
    assert (director.count, director.median, director.p90) == ("2", "20,0", "30,0")


def test_the_page_and_the_report_show_the_durations_in_constant_queries(province, client):
    from docx import Document

    year = timezone.localdate().year - 1
    _case(province, province.unit, _at(year, 3, 2), 5)
    _flow(province, province.unit, _at(year, 2, 1), [("unit_head", "initialled", 2)])
    client.force_login(province.staff)
    url = reverse("meetings:statistics") + f"?year={year}&part=year"
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    queries = len(captured)
    assert page.count('data-testid="duration-figure"') == len(activity.duration_figures())
    assert "5,0" in page and "2,0" in page
    for n in range(5):
        _case(province, province.unit, _at(year, 4, 2 + n), 7)
        _flow(province, province.unit, _at(year, 5, 1 + n), [("unit_head", "initialled", 3), ("chief", "returned", 1)])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == queries
    response = client.get(reverse("meetings:activity_report") + f"?year={year}&part=year")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "(saat)" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Tümü", "6", "7,0", "7,0"] in cells
    with translation.override("tr"):
        unit_head = str(Role.UNIT_HEAD.label)
    assert [unit_head, "6", "3,0", "3,0"] in cells  # the chain step in Turkish, whatever the page's language
    assert ["", "Sayı", "Ortanca", "%90"] in cells
