from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.organizations.models import Organization
from pressdesk.reports.models import Recipient, ReportKind, ReportSettings

if TYPE_CHECKING:
    pass

MAX_RANGE_DAYS = 366


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "send_time",
            "daily_enabled",
            "weekly_enabled",
            "weekly_weekday",
            "monthly_enabled",
            "send_when_empty",
            "review_before_sending",
            "default_lead",
        ]
        widgets = {
            "send_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "default_lead": forms.Textarea(attrs={"rows": 3}),
        }


class RecipientForm(forms.ModelForm):
    class Meta:
        model = Recipient
        fields = [
            "user",
            "name",
            "email",
            "organization",
            "only_own_institution",
            "daily",
            "weekly",
            "monthly",
            "is_active",
        ]

    def __init__(self, *args: Any, province: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, organization__path__startswith=province.path)
            .select_related("organization")
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user} — {user.organization.display_name}" if user.organization else str(user)
        )
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            Q(path__startswith=province.path), is_active=True
        ).order_by("path")
        self.fields["organization"].required = False
        self.fields["organization"].help_text = _("Leave empty to use the user's own institution.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user = data.get("user")
        if user is None and not data.get("email"):
            self.add_error("email", _("Choose a user or enter an e-mail address."))
        if user is not None and not user.email:
            self.add_error("user", _("This user has no e-mail address."))
        if data.get("organization") is None:
            if user is not None and user.organization is not None:
                data["organization"] = user.organization
                self.instance.organization = user.organization
            else:
                self.add_error("organization", _("Choose the recipient's institution."))
        if not (data.get("daily") or data.get("weekly") or data.get("monthly")):
            self.add_error(None, _("Choose at least one report: daily, weekly or monthly."))
        return data


class LeadForm(forms.Form):
    lead = forms.CharField(
        label=_("Lead text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The opening paragraph of the report, above the figures."),
    )


class PrepareForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)


class PeriodForm(forms.Form):
    PERIODS = [
        ("today", _("Today")),
        ("7", _("Last 7 days")),
        ("30", _("Last 30 days")),
        ("90", _("Last 90 days")),
        ("custom", _("Date range")),
    ]
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    compare = forms.CharField(
        label=_("Compare with"),
        required=False,
        max_length=300,
        help_text=_("Share of voice: up to five institutions, provinces or terms, separated by commas."),
    )

    def comparisons(self) -> list[str]:
        """The comparison terms of share of voice (empty when the input is bad)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return [part.strip() for part in (data.get("compare") or "").split(",") if part.strip()][:5]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Enter both dates of the range."))
            if start > end:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (end - start).days >= MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Choose a range of at most one year."))
        return data

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime, bool, str]:
        """``(start, end, hourly, key)`` of the chosen period; the last 7 days when the input is bad."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = data.get("period") or "7"
        today = timezone.localdate()

        def at(day: datetime.date) -> datetime.datetime:
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

        tomorrow = at(today + datetime.timedelta(days=1))
        if period == "today":
            return at(today), tomorrow, True, period
        if period == "custom":
            return at(data["start"]), at(data["end"] + datetime.timedelta(days=1)), data["start"] == data["end"], period
        days = int(period)
        return at(today - datetime.timedelta(days=days - 1)), tomorrow, False, period
