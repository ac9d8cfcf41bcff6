import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.infonotes import actions
from pressdesk.infonotes.models import Case
from pressdesk.infonotes.queries import statistics, timeline
from pressdesk.infonotes.tests.conftest import answered_case, approved_case, make_story, requested_case

pytestmark = pytest.mark.django_db


def test_the_timeline_lists_every_step_with_who_and_when(province, story):
    case = approved_case(province, story)
    entries = timeline(case)
    labels = [entry.label for entry in entries]
    assert labels[0] == "Dosya açıldı"
    assert "Bilgi notu geldi" in labels
    assert any(label.startswith("Talep yazısı:") for label in labels)
    assert any(
        label.startswith("Bilgi notu:") and province.director.get_full_name() == e.who
        for e in entries
        for label in [e.label]
    )
    assert all(entry.at for entry in entries)
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def _board_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("infonotes:board"))
    return len(queries), response


def test_the_board_puts_each_case_in_its_column_in_a_constant_number_of_queries(province, login):
    requested_case(province, make_story(province, "Haber 0"))
    answered_case(province, make_story(province, "Cevaplanan 0"))
    client = login(province.staff)
    client.get(reverse("infonotes:board"))  # warm the session
    few, _ = _board_queries(client)
    for n in range(1, 4):
        requested_case(province, make_story(province, f"Haber {n}"))
        answered_case(province, make_story(province, f"Cevaplanan {n}"))
    many, response = _board_queries(client)
    assert many == few
    columns = {c.status: len(c.cases) for c in response.context["columns"]}
    assert columns == {"open": 0, "waiting_institution": 4, "waiting_approval": 4, "sent": 0, "closed": 0}


def test_closed_cases_are_found_by_turkish_search(province, story, login):
    case = approved_case(province, story)
    actions.close_case(actor=province.staff, case=case, comment="Tamamlandı")
    client = login(province.staff)
    found = client.get(reverse("infonotes:closed"), {"q": "ŞEHİR HASTANESİ"}).context["page"].object_list
    assert list(found) == [case]
    assert list(client.get(reverse("infonotes:closed"), {"q": "ambulans"}).context["page"].object_list) == []


def test_statistics_count_cases_answer_time_and_overdue_share(province, story, login):
    first = answered_case(province, story)
    late = requested_case(province, make_story(province, "Geç kalan"))
    Case.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    figures = statistics(province.staff)
    assert figures.total == 2 and figures.answered == 1
    assert figures.with_deadline == 2 and figures.overdue == 1 and figures.overdue_share == 50.0
    [row] = figures.rows
    assert row.name == province.hospital.name and row.cases == 2 and row.answered == 1
    assert row.average_days == 0  # answered the day it was asked
    page = login(province.staff).get(reverse("infonotes:stats")).content.decode()
    assert 'data-testid="overdue-share">%50,0' in page
    assert first.title  # the first case is counted above


def test_outsiders_see_no_cases_on_the_board_or_in_statistics(province, story, login):
    requested_case(province, story)
    assert statistics(province.outsider).total == 0
    columns = login(province.outsider).get(reverse("infonotes:board")).context["columns"]
    assert all(not column.cases for column in columns)
    assert login(province.requester).get(reverse("infonotes:board")).status_code == 403
