"""Issue 25 points 2 and 4: the printable run sheet (akış) of the day and the printable list per
vehicle carry the text the staff and the driver need — checked on the page itself."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from pressdesk.events import actions
from pressdesk.events.models import Invitation

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    """The page's visible text with its whitespace collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def day(province: Any, invited: Any) -> Any:
    """The invited event with its seating, checklist, an answer with transport and a vehicle."""
    event, _tokens = invited
    item = event.checklist.get(label="Salon hazırlığı")
    actions.update_checklist_item(
        actor=province.staff, item=item, label=item.label, owner=province.staff2, due_date=item.due_date, done=True
    )
    actions.add_seat(actor=province.staff, event=event, table="A", seat=1, name="Vali Bey")
    ali = event.invitees.get(email="ali@example.com")
    Invitation.objects.filter(invitee=ali).update(answer="yes", people=2, needs_transport=True)
    Invitation.objects.filter(invitee__email="veli@example.com").update(answer="no")
    ali.phone = "+905321112233"
    ali.save(update_fields=["phone"])
    vehicle = actions.add_vehicle(
        actor=province.staff,
        event=event,
        name="Minibüs 41 ABC 123",
        capacity=8,
        driver="Hasan Usta",
        departure_point="Müdürlük önü",
        departure_at=event.start - datetime.timedelta(hours=1),
    )
    actions.assign_vehicle(actor=province.staff, invitee=ali, vehicle=vehicle)
    return event, vehicle


def test_the_run_sheet_lists_the_day(province: Any, day: Any, client: Any) -> None:
    event, vehicle = day
    client.force_login(province.staff)
    text = _text(client.get(reverse("events:run_sheet", args=[event.pk])))
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    assert f"Akış: {event.title}" in text
    assert f"{start:%d.%m.%Y %H:%M}–{end:%H:%M} · {event.hall.name}" in text  # Istanbul time, the hall
    assert "İsmail Öztürk" in text and "Mehmet Işık" in text  # the director and the unit head attend
    due = event.checklist.get(label="Salon hazırlığı").due_date
    assert f"✓ Salon hazırlığı Can Demir {due:%d.%m.%Y}" in text  # done, its owner and due date
    assert "☐ Ses ve projeksiyon testi" in text
    assert "A 1 Vali Bey" in text  # the seating
    assert "Ali Muhabir Kocaeli TV 2 Minibüs 41 ABC 123" in text  # who comes, how many, in which vehicle
    assert "Veli Kameraman" not in text  # said no
    departure = timezone.localtime(vehicle.departure_at)
    assert f"Minibüs 41 ABC 123: Müdürlük önü, {departure:%d.%m.%Y %H:%M} (Hasan Usta)" in text
    assert "UTC" not in text and "+00:00" not in text


def test_the_vehicle_list_gives_the_driver_the_riders(province: Any, day: Any, client: Any) -> None:
    event, vehicle = day
    client.force_login(province.staff)
    text = _text(client.get(reverse("events:vehicle_print", args=[vehicle.pk])))
    departure = timezone.localtime(vehicle.departure_at)
    assert f"Minibüs 41 ABC 123 · {event.title}" in text
    assert f"Hareket: Müdürlük önü, {departure:%d.%m.%Y %H:%M} · Sürücü: Hasan Usta" in text
    assert re.search(r"Ad Yayın organı Telefon Kişiler", text)  # the columns, in Turkish
    assert "Ali Muhabir Kocaeli TV +905321112233 2" in text
    assert "Veli Kameraman" not in text
