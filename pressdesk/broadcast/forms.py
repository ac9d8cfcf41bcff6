from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.accounts.queries import users_visible_to
from pressdesk.broadcast import queries
from pressdesk.broadcast.actions import Decision
from pressdesk.broadcast.models import BroadcastRequest, PublicRequest
from pressdesk.lib.forms import StyledForm, StyledModelForm
from pressdesk.monitoring.models import Outlet
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import organizations_visible_to

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
BROADCAST_OUTLETS = (Outlet.Kind.TV, Outlet.Kind.RADIO, Outlet.Kind.NEWS_SITE, Outlet.Kind.AGENCY)


def _guests(user: User) -> Any:
    return users_visible_to(user).filter(is_active=True, organization__isnull=False).order_by("first_name", "last_name")


class RequestForm(StyledModelForm):
    new_outlet = forms.CharField(
        label=_("New channel or station"),
        required=False,
        max_length=200,
        help_text=_("When the channel is not in the list: its name (it is added to the outlets)."),
    )
    new_outlet_kind = forms.ChoiceField(
        label=_("Kind of the new channel"),
        required=False,
        choices=[(Outlet.Kind.TV, Outlet.Kind.TV.label), (Outlet.Kind.RADIO, Outlet.Kind.RADIO.label)],
    )

    class Meta:
        model = BroadcastRequest
        fields = [
            "outlet", "programme", "kind", "topic", "questions", "starts_at", "duration_minutes", "place", "guest",
            "other_guests", "requester_name", "requester_phone", "requester_email", "needs_external",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME,
            "questions": forms.Textarea(attrs={"rows": 3}),
            "other_guests": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, user: User, application: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].required = False
        self.fields["outlet"].queryset = Outlet.objects.filter(kind__in=BROADCAST_OUTLETS).order_by("name")  # type: ignore[attr-defined]
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]  # type: ignore[attr-defined]
        guests = _guests(user)
        self.fields["guest"].queryset = guests  # type: ignore[attr-defined]
        self.fields["other_guests"].queryset = guests  # type: ignore[attr-defined]
        if application:
            for name in ("guest", "other_guests", "needs_external"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("outlet") and not (data.get("new_outlet") or "").strip():
            self.add_error("outlet", _("Choose the channel or station, or type the name of a new one."))
        return data

    def action_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "other_guests" in data:
            data["other_guests"] = list(data["other_guests"])
        return data


class FilterForm(StyledForm):
    text = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    outlet = forms.ModelChoiceField(label=_("Channel or station"), queryset=Outlet.objects.none(), required=False)
    guest = forms.ModelChoiceField(label=_("Guest"), queryset=User.objects.none(), required=False)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *BroadcastRequest.Status.choices]  # type: ignore[attr-defined]
        self.fields["outlet"].queryset = queries.outlets_for_filter(user)  # type: ignore[attr-defined]
        self.fields["guest"].queryset = queries.guests_for_filter(user)  # type: ignore[attr-defined]
        self.fields["institution"].queryset = organizations_visible_to(user).filter(is_active=True).order_by("path")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.APPROVE, _("Approve")),
            (Decision.REFUSE, _("Refuse")),
            (Decision.PROPOSE, _("Propose another spokesperson")),
        ],
        widget=forms.RadioSelect,
        initial=Decision.APPROVE,
    )
    proposed_guest = forms.ModelChoiceField(
        label=_("Proposed spokesperson"), queryset=User.objects.none(), required=False
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    seen_hash = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_guest"].queryset = _guests(user)  # type: ignore[attr-defined]


class CommentForm(StyledForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AiredForm(StyledForm):
    aired_url = forms.URLField(label=_("Link to the broadcast"), required=False, max_length=500, assume_scheme="https")
    aired_minutes = forms.IntegerField(label=_("Minutes on air"), required=False, min_value=1, max_value=1440)
    evaluation = forms.CharField(
        label=_("Evaluation"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    recording = forms.FileField(
        label=_("Recording"),
        required=False,
        help_text=_("Audio or video (mp3, m4a, wav, ogg, mp4, mov, webm, mkv)."),
    )


class RecordingForm(StyledForm):
    recording = forms.FileField(
        label=_("Recording"),
        help_text=_("Audio or video (mp3, m4a, wav, ogg, mp4, mov, webm, mkv)."),
    )


class BriefingForm(StyledForm):
    text = forms.CharField(
        label=_("Briefing pack"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("{programme}, {outlet}, {date}, {topic}, {guest} and {place} are filled in for each appearance."),
    )


class PublicRequestForm(StyledModelForm):
    class Meta:
        model = PublicRequest
        fields = [
            "province", "outlet_name", "programme", "kind", "topic", "questions", "starts_at", "duration_minutes",
            "place", "wanted_guest", "requester_name", "requester_email", "requester_phone",
        ]  # fmt: skip
        widgets = {"starts_at": DATETIME, "questions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from pressdesk.broadcast.public import provinces

        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces()  # type: ignore[attr-defined]
        self.fields["province"].label = _("Provincial health directorate")
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]  # type: ignore[attr-defined]
        self.fields["duration_minutes"].validators.append(MaxValueValidator(600))
