"""The holiday calendar: everyone reads it (with a deadline calculator); administrators correct it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors
from pressdesk.workdays import actions, queries
from pressdesk.workdays.business_days import add_business_days
from pressdesk.workdays.forms import CalculatorForm, HolidayForm


@require_http_methods(["GET"])
def holiday_list(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    holidays = queries.holidays_of_year(request.user, year)
    calculator = CalculatorForm(request.GET if "start" in request.GET else None, initial={"start": today})
    deadline = None
    if calculator.is_bound and calculator.is_valid():
        deadline = add_business_days(calculator.cleaned_data["start"], calculator.cleaned_data["days"])
    years = queries.years_with_holidays() or [year]
    return render(
        request,
        "workdays/holiday_list.html",
        {
            "holidays": holidays,
            "year": year,
            "years": years,
            "calculator": calculator,
            "deadline": deadline,
            "can_manage": actions.can_manage(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def holiday_create(request: AuthedHttpRequest) -> HttpResponse:
    if not actions.can_manage(request.user):
        raise PermissionDenied
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            holiday = actions.create_holiday(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The holiday was added."))
            return redirect(f"{_list_url()}?year={holiday.date.year}")
    return render(request, "workdays/holiday_form.html", {"form": form, "holiday": None})


@require_http_methods(["GET", "POST"])
def holiday_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    holiday = queries.get_holiday_for_admin(request.user, pk)
    initial: dict[str, Any] = {
        "date": holiday.date,
        "name": holiday.name,
        "kind": holiday.kind,
        "half_day": holiday.half_day,
    }
    form = HolidayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            holiday = actions.update_holiday(actor=request.user, holiday=holiday, **form.cleaned_data)
            messages.success(request, _("The holiday was saved."))
            return redirect(f"{_list_url()}?year={holiday.date.year}")
    return render(request, "workdays/holiday_form.html", {"form": form, "holiday": holiday})


@require_http_methods(["GET", "POST"])
def holiday_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    holiday = queries.get_holiday_for_admin(request.user, pk)
    if request.method == "POST":
        year = holiday.date.year
        actions.delete_holiday(actor=request.user, holiday=holiday)
        messages.success(request, _("The holiday was deleted."))
        return redirect(f"{_list_url()}?year={year}")
    return render(request, "workdays/holiday_confirm_delete.html", {"holiday": holiday})


def _list_url() -> str:
    from django.urls import reverse

    return reverse("workdays:list")
