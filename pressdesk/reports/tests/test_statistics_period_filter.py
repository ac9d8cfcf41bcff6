"""The period filter: today by the hour, 7/30/90 days by the day, a custom range, bad input falls back to 7 days."""

import datetime

from django.urls import reverse
from django.utils import timezone


def _volume(client, params):
    response = client.get(reverse("reports:statistics"), params)
    assert response.status_code == 200
    return response.context["stats"].volume, response


def test_periods(province, world, client, login):
    # "Five minutes ago" is yesterday in the first minutes after midnight in Istanbul: stay inside today.
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    world.news("Şehir Hastanesi bugün", at=max(now - datetime.timedelta(minutes=5), midnight + (now - midnight) / 2))
    world.news("Şehir Hastanesi geçen ay", at=timezone.now() - datetime.timedelta(days=45))
    login(province.staff)

    today, _ = _volume(client, {"period": "today"})
    assert len(today) == 24
    assert sum(row["items"] for row in today) == 1

    week, _ = _volume(client, {"period": "7"})
    assert len(week) == 7
    assert sum(row["items"] for row in week) == 1

    quarter, _ = _volume(client, {"period": "90"})
    assert len(quarter) == 90
    assert sum(row["items"] for row in quarter) == 2

    start = timezone.localdate() - datetime.timedelta(days=50)
    end = timezone.localdate() - datetime.timedelta(days=40)
    custom, _ = _volume(client, {"period": "custom", "start": start.isoformat(), "end": end.isoformat()})
    assert len(custom) == 11
    assert sum(row["items"] for row in custom) == 1


def test_bad_range_falls_back_to_seven_days_with_a_message(province, world, client, login):
    login(province.staff)
    volume, response = _volume(client, {"period": "custom", "start": "2026-11-20", "end": "2026-11-01"})
    assert len(volume) == 7
    assert "Başlangıç tarihi bitiş tarihinden sonra." in response.content.decode()
    volume, response = _volume(client, {"period": "custom", "start": "2020-01-01", "end": "2026-11-01"})
    assert "En fazla bir yıllık bir aralık seçin." in response.content.decode()
