from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressdesk.events import actions
from pressdesk.events.models import ChecklistItem
from pressdesk.lib import agenda
from pressdesk.testing.events import make_event

pytestmark = pytest.mark.django_db


def test_a_planned_opening_is_on_the_directors_agenda_and_ical(province: Any, plan: Any, client: Any) -> None:
    event = plan()
    start, end = event.start - datetime.timedelta(hours=1), event.end + datetime.timedelta(hours=1)
    entries = agenda.entries_for(province.director, start=start, end=end)
    assert [e.title for e in entries if e.kind == "event"] == [event.title]
    ical = agenda.to_ical(entries, name="Ajanda").decode()
    local = timezone.localtime(event.start).strftime("%Y%m%dT%H%M%S")
    assert f"DTSTART;TZID=Europe/Istanbul:{local}" in ical
    # The checklist comes from the kind, due two days before.
    labels = list(event.checklist.values_list("label", flat=True))
    assert "Hediye / plaket" in labels and "Salon hazırlığı" in labels


def test_past_event_and_double_booked_hall_are_refused_in_turkish(province: Any, plan: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "tr"
    from django.utils import translation

    first = plan()
    with translation.override("tr"):
        with pytest.raises(ValidationError) as exc:
            plan(start=first.start + datetime.timedelta(minutes=30), end=first.end + datetime.timedelta(hours=1))
        assert "zaten" in str(exc.value.message_dict["hall"])
        past = timezone.now() - datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as exc:
            plan(start=past, end=past + datetime.timedelta(hours=1), hall=None, address="Belediye meydanı")
        assert "geçmiş" in str(exc.value.message_dict["start"])


def test_the_calendar_shows_conflicts_with_constant_queries(
    province: Any, plan: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    first = plan()
    # Another address, same time: the director is booked twice.
    plan(title="Aşı kampanyası lansmanı", kind="campaign", hall=None, address="Valilik")
    client.force_login(province.staff)
    url = reverse("events:calendar") + f"?view=month&date={timezone.localtime(first.start).date().isoformat()}"
    response = client.get(url)
    assert "Aşı kampanyası lansmanı" in response.content.decode()
    assert 'data-testid="calendar-conflicts"' in response.content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        make_event(province, title=f"Etkinlik {i}", start=first.start + datetime.timedelta(hours=3 + i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    for view in ("week", "list"):
        assert client.get(url.replace("view=month", f"view={view}")).status_code == 200


def test_another_province_sees_nothing(province: Any, plan: Any, client: Any) -> None:
    event = plan()
    client.force_login(province.outsider)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert event.title not in client.get(reverse("events:calendar") + "?view=list&year=1").content.decode()


def test_a_checklist_item_becomes_a_task_once(province: Any, plan: Any) -> None:
    event = plan()
    item = ChecklistItem.objects.filter(event=event).first()
    assert item is not None
    actions.update_checklist_item(
        actor=province.unit_head, item=item, label=item.label, owner=province.staff2, due_date=None, done=False
    )
    task = actions.item_to_task(actor=province.unit_head, item=item)
    assert task.assignee == province.staff2 and event.title in task.title
    assert actions.item_to_task(actor=province.unit_head, item=item).pk == task.pk


def test_seating_starts_from_the_protocol_order(province: Any, plan: Any) -> None:
    event = plan()
    added = actions.seat_by_protocol(actor=province.staff, event=event)
    names = list(event.seats.order_by("seat").values_list("name", flat=True))
    assert added == len(names) and names[0] == "Vali"
    assert actions.seat_by_protocol(actor=province.staff, event=event) == 0
    with pytest.raises(ValidationError):
        actions.add_seat(actor=province.staff, event=event, table="1", seat=1, name="Başka")
