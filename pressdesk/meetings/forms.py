from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.lib.forms import FilterableCheckboxSelectMultiple, StyledForm
from pressdesk.meetings.models import AgendaRequest, Kind, Series, VtcRoom, VtcTest
from pressdesk.organizations.models import AFFILIATE_KINDS, Organization, OrganizationKind
from pressdesk.organizations.queries import province_for

#: Institutions that take part in the director's meetings and own their decisions.
INSTITUTION_KINDS = (*AFFILIATE_KINDS, OrganizationKind.PRESIDENCY, OrganizationKind.UNIT)


def institutions_for(user: User) -> Any:
    province = province_for(user)
    if province is None:
        return Organization.objects.none()
    return Organization.objects.filter(
        path__startswith=province.path, kind__in=INSTITUTION_KINDS, is_active=True
    ).order_by("name")


def _people_for(user: User) -> Any:
    province = province_for(user)
    if province is None:
        return User.objects.none()
    return User.objects.filter(is_active=True, organization__path__startswith=province.path).order_by(
        "first_name", "last_name", "pk"
    )


def _rooms_for(user: User) -> Any:
    from pressdesk.meetings.queries import rooms_visible_to

    return rooms_visible_to(user).filter(is_active=True)


def _local(**attrs: Any) -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format="%Y-%m-%dT%H:%M")


class MeetingForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    start = forms.DateTimeField(label=_("Starts"), widget=_local())
    end = forms.DateTimeField(label=_("Ends"), widget=_local())
    place = forms.CharField(label=_("Hall"), max_length=200, required=False)
    room = forms.ModelChoiceField(label=_("VTC room"), queryset=VtcRoom.objects.none(), required=False)
    connection = forms.CharField(
        label=_("Connection details"),
        max_length=300,
        required=False,
        help_text=_("For a VTC session: the conference address or number the other side gave."),
    )
    closed = forms.BooleanField(
        label=_("Closed meeting (kapalı)"),
        required=False,
        help_text=_("Only the participants and the organiser see its agenda, minutes and attachments."),
    )
    agenda_deadline = forms.DateTimeField(
        label=_("Agenda requests until"),
        widget=_local(),
        required=False,
        help_text=_("Empty: two days before the meeting."),
    )
    users = forms.ModelMultipleChoiceField(label=_("People"), queryset=User.objects.none(), required=False)
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=Organization.objects.none(), required=False
    )
    outside = forms.CharField(
        label=_("Outside people"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name and title."),
    )
    recurrence = forms.ChoiceField(
        label=_("Recurrence"), choices=[("", _("Once")), *Series.Frequency.choices], required=False
    )
    week_of_month = forms.IntegerField(
        label=_("Which week of the month"),
        min_value=1,
        max_value=4,
        initial=1,
        required=False,
        help_text=_("1 with a Monday start: every first Monday."),
    )

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = _rooms_for(user)  # type: ignore[attr-defined]
        self.fields["users"].queryset = _people_for(user)  # type: ignore[attr-defined]
        self.fields["institutions"].queryset = institutions_for(user)  # type: ignore[attr-defined]
        if editing:
            del self.fields["recurrence"]
            del self.fields["week_of_month"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The meeting must end after it starts."))
        if "week_of_month" in self.fields and not data.get("week_of_month"):
            data["week_of_month"] = 1
        return data


class AgendaRequestForm(StyledForm):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    presenter = forms.CharField(label=_("Presenter"), max_length=200)
    minutes_needed = forms.IntegerField(label=_("Time needed (minutes)"), min_value=1, max_value=240, initial=10)
    attachment = forms.FileField(label=_("Attachment"), required=False)


class DecideRequestForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Put on the agenda")), ("merge", _("Merge")), ("decline", _("Decline"))],
    )
    merge_into = forms.ModelChoiceField(label=_("Merge into"), queryset=AgendaRequest.objects.none(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = meeting.agenda_requests.filter(  # type: ignore[attr-defined]
            status=AgendaRequest.Status.ACCEPTED
        )


class MinutesForm(StyledForm):
    notes = forms.CharField(
        label=_("General notes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attended = forms.MultipleChoiceField(
        label=_("Attended"), required=False, widget=FilterableCheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, participants: list[Any], agenda: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(p.pk), p.label) for p in participants]  # type: ignore[attr-defined]
        for item in agenda:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.topic, required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
            )
        from pressdesk.lib.forms import style_fields

        style_fields(self)

    def item_notes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


class ChecklistItemForm(StyledForm):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    done = forms.BooleanField(label=_("Done"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = unit_people_for(user)  # type: ignore[attr-defined]


def unit_people_for(user: User) -> Any:
    from pressdesk.accounts.models import UNIT_ROLES

    return _people_for(user).filter(role__in=UNIT_ROLES)


class DecisionForm(StyledForm):
    text = forms.CharField(label=_("Decision"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner institution"), queryset=Organization.objects.none(), required=False)
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = institutions_for(user)  # type: ignore[attr-defined]


class CorrectionForm(StyledForm):
    reason = forms.CharField(label=_("What is corrected"), max_length=500)


class ProgressForm(StyledForm):
    note = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("The decision is carried out"), required=False)


class RoomForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    devices = forms.CharField(
        label=_("Devices"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    connection = forms.CharField(label=_("Connection details"), max_length=300, required=False)
    test_every_days = forms.IntegerField(label=_("Test every (days)"), min_value=1, max_value=365, initial=30)


class ConnectionTestForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=[("", _("Choose")), *VtcTest.Result.choices], required=False)
    quality_notes = forms.CharField(
        label=_("Quality notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fault = forms.CharField(
        label=_("Fault (if it failed)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(StyledForm):
    resolution = forms.CharField(label=_("Resolution"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("All")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )


class StatisticsPeriodForm(StyledForm):
    """The statistics page's period: a year and a part of it (the whole year, a half, a quarter, a month)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    part = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.dates import MONTHS

        choices: list[tuple[str, Any]] = [
            ("year", _("The whole year")),
            ("h1", _("First half")),
            ("h2", _("Second half")),
            ("q1", _("1st quarter")),
            ("q2", _("2nd quarter")),
            ("q3", _("3rd quarter")),
            ("q4", _("4th quarter")),
        ]
        choices += [(f"m{month:02d}", MONTHS[month]) for month in range(1, 13)]
        self.fields["part"].choices = choices  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
