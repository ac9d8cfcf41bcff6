import datetime

import pytest
from django.urls import reverse

from pressdesk.workdays.business_days import add_business_days
from pressdesk.workdays.models import Holiday

pytestmark = pytest.mark.django_db
D = datetime.date


def test_admin_adds_an_administrative_leave_day_and_deadlines_follow(province, login):
    client = login(province.admin)
    assert add_business_days(D(2026, 6, 1), 1) == D(2026, 6, 2)
    response = client.post(
        reverse("workdays:create"),
        {"date": "2026-06-02", "name": "İdari izin", "kind": "administrative"},
    )
    assert response.status_code == 302
    assert Holiday.objects.get(date=D(2026, 6, 2)).updated_by == province.admin
    assert add_business_days(D(2026, 6, 1), 1) == D(2026, 6, 3)


def test_admin_edits_a_holiday(province, login):
    client = login(province.admin)
    holiday = Holiday.objects.get(date=D(2026, 5, 26))
    response = client.post(
        reverse("workdays:edit", args=[holiday.pk]),
        {"date": "2026-05-26", "name": "Kurban Bayramı arifesi (tam gün)", "kind": "eve"},
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert holiday.half_day is False
    assert add_business_days(D(2026, 5, 22), 5) == D(2026, 6, 4)


def test_delete_asks_for_confirmation_first(province, login):
    client = login(province.admin)
    holiday = Holiday.objects.get(date=D(2026, 5, 19))
    page = client.get(reverse("workdays:delete", args=[holiday.pk]))
    assert page.status_code == 200
    assert 'data-testid="confirm-delete"' in page.content.decode()
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    client.post(reverse("workdays:delete", args=[holiday.pk]))
    assert not Holiday.objects.filter(pk=holiday.pk).exists()


def test_a_second_holiday_on_the_same_date_is_refused(province, login):
    client = login(province.admin)
    response = client.post(reverse("workdays:create"), {"date": "2026-05-27", "name": "Çift", "kind": "national"})
    assert response.status_code == 200
    assert "Bu tarihte zaten bir tatil var" in response.content.decode()


def test_staff_read_the_calendar_but_cannot_change_it(province, login):
    client = login(province.staff)
    page = client.get(reverse("workdays:list") + "?year=2026&start=2026-05-22&days=5")
    assert page.status_code == 200
    assert "03.06.2026" in page.content.decode()
    assert (
        client.post(reverse("workdays:create"), {"date": "2026-06-02", "name": "x", "kind": "national"}).status_code
        == 403
    )
    holiday = Holiday.objects.get(date=D(2026, 5, 19))
    assert client.post(reverse("workdays:delete", args=[holiday.pk])).status_code == 404
    assert Holiday.objects.filter(pk=holiday.pk).exists()
