"""Issue 26 point 9: every module registers its activity figures; the statistics page only collects them.

News published, bulletins and statements, information notes and answers, letters recorded
in EBYS, tasks on time and late, design requests, events and media items join the meetings,
TV/radio, SMS and public-voice figures. Each is one query for a year of a province and
counts only that province's records.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pressdesk.lib import activity
from pressdesk.tasks.models import Task
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db

EXPECTED = {
    "publishing.stories_published",
    "mediarelations.bulletins_sent",
    "mediarelations.statements_sent",
    "infonotes.notes_sent",
    "infonotes.answers_received",
    "documents.letters_recorded",
    "tasks.done_on_time",
    "tasks.done_late",
    "creative.design_requests",
    "events.events_held",
    "monitoring.items_tracked",
    "broadcast.requests",
}


def _task(province, organization, *, due, done):
    return Task.objects.create(
        title="Bülten hazırla",
        organization=organization,
        created_by=province.unit_head,
        assignee=province.staff,
        due_date=due,
        status=Task.Status.DONE,
        completed_at=done,
    )


def test_every_module_registers_its_figures():
    assert {figure.key for figure in activity.figures()} >= EXPECTED


def test_each_figure_counts_its_province_in_one_query(province):
    other = SecondProvince(province)
    today = timezone.localdate()
    done = timezone.now()  # an hour earlier was last month just after midnight on the 1st
    _task(province, province.unit, due=today, done=done)
    _task(province, province.unit, due=today - datetime.timedelta(days=3), done=done)
    _task(province, other.unit, due=today, done=done)
    start, end = today.replace(day=1), (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    with CaptureQueriesContext(connection) as ctx:
        rows = {figure.key: total for figure, _series, total in activity.collect(province.directorate, start, end)}
    assert len(ctx.captured_queries) <= len(activity.figures())
    assert rows["tasks.done_on_time"] == 1
    assert rows["tasks.done_late"] == 1
