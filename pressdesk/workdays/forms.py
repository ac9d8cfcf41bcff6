from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.forms import StyledForm
from pressdesk.workdays.models import Holiday


class HolidayForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Holiday.Kind.choices)
    half_day = forms.BooleanField(label=_("Half day (only the afternoon is off)"), required=False)


class CalculatorForm(StyledForm):
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    days = forms.IntegerField(label=_("Business days"), min_value=0, max_value=365, initial=5)
