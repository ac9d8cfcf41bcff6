"""Changes to the holiday calendar: only administrators correct it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pressdesk.workdays.models import Holiday

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def can_manage(user: User) -> bool:
    return bool(user.is_active and user.is_admin)


def _check(actor: User) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Only an administrator can change the holiday calendar."))


def _unique(date: datetime.date, exclude_pk: int | None = None) -> None:
    clashes = Holiday.objects.filter(date=date)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    if clashes.exists():
        raise ValidationError({"date": _("There is already a holiday on this date; edit that one instead.")})


@transaction.atomic
def create_holiday(*, actor: User, date: datetime.date, name: str, kind: str, half_day: bool) -> Holiday:
    _check(actor)
    _unique(date)
    holiday = Holiday(date=date, name=name.strip(), kind=kind, half_day=half_day, source="admin", updated_by=actor)
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def update_holiday(
    *, actor: User, holiday: Holiday, date: datetime.date, name: str, kind: str, half_day: bool
) -> Holiday:
    _check(actor)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    _unique(date, holiday.pk)
    holiday.date, holiday.name, holiday.kind, holiday.half_day = date, name.strip(), kind, half_day
    holiday.updated_by = actor
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def delete_holiday(*, actor: User, holiday: Holiday) -> None:
    _check(actor)
    Holiday.objects.filter(pk=holiday.pk).delete()
