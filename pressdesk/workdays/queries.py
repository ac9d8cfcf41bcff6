"""Reads of the holiday calendar (everyone may read it; administrators change it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from pressdesk.workdays.models import Holiday

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def holidays_visible_to(user: User) -> QuerySet[Holiday]:
    return Holiday.objects.all() if user.is_active else Holiday.objects.none()


def get_holiday_for_admin(user: User, pk: int) -> Holiday:
    if not user.is_admin:
        raise Http404
    try:
        return holidays_visible_to(user).get(pk=pk)
    except Holiday.DoesNotExist as exc:
        raise Http404 from exc


def years_with_holidays() -> list[int]:
    return sorted({d.year for d in Holiday.objects.dates("date", "year")})


def holidays_of_year(user: User, year: int) -> QuerySet[Holiday]:
    return holidays_visible_to(user).filter(date__year=year)
