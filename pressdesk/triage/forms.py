"""Forms of triage: the story card's actions, filters, notes, forwarding and alert rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.forms import StyledForm, StyledModelForm
from pressdesk.monitoring.forms import query_error_message
from pressdesk.monitoring.matching import QuerySyntaxError, parse_query
from pressdesk.monitoring.models import Importance, Outlet, Relevance, Sentiment
from pressdesk.monitoring.queries import watch_terms_visible_to
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import organizations_visible_to, scope_q
from pressdesk.triage import queries
from pressdesk.triage.models import AlertRule

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

MAX_FORWARD_RECIPIENTS = 20


class TriageForm(StyledForm):
    """One button of the story card posts one of these fields (the others stay empty)."""

    relevance = forms.ChoiceField(choices=[("", ""), *list(Relevance.choices)], required=False)
    sentiment = forms.ChoiceField(choices=[("", ""), *list(Sentiment.choices)], required=False)
    importance = forms.TypedChoiceField(
        choices=[("", "")] + [(str(v), label) for v, label in Importance.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("relevance") or data.get("sentiment") or data.get("importance") is not None):
            raise ValidationError(_("Choose what to change."))
        return data


class AssignForm(StyledForm):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = queries.colleagues_for(user)  # type: ignore[attr-defined]


class NoteForm(StyledForm):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(StyledForm):
    recipients = forms.CharField(
        label=_("Recipients' e-mail addresses"),
        help_text=_("Separate addresses with commas or new lines."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_recipients(self) -> list[str]:
        raw = self.cleaned_data["recipients"].replace(";", ",").replace("\n", ",")
        addresses = []
        for part in raw.split(","):
            address = part.strip()
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(address)s” is not an e-mail address."), params={"address": address}, code="invalid"
                ) from exc
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise ValidationError(_("Enter at least one e-mail address."))
        if len(addresses) > MAX_FORWARD_RECIPIENTS:
            raise ValidationError(
                _("At most %(limit)d recipients."), params={"limit": MAX_FORWARD_RECIPIENTS}, code="too_many"
            )
        return addresses


class FilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("unreviewed", _("Not reviewed")), ("relevant", _("Relevant"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Organization.objects.none(), required=False, empty_label=_("All")
    )
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=[("", _("All")), *Sentiment.choices], required=False)
    importance = forms.TypedChoiceField(
        label=_("Importance"),
        choices=[
            ("", _("All")),
            (Importance.HIGH.value, _("High or critical")),
            (Importance.CRITICAL.value, _("Critical")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = organizations_visible_to(user).exclude(kind__in=_NATIONAL)
        if queries.is_affiliate(user):
            assert user.organization is not None
            institutions = Organization.objects.filter(path__startswith=user.organization.path)
            del self.fields["mine"]
        self.fields["institution"].queryset = institutions.order_by("path")  # type: ignore[attr-defined]


_NATIONAL = (
    OrganizationKind.MINISTRY,
    OrganizationKind.GENERAL_DIRECTORATE,
    OrganizationKind.GOVERNORSHIP,
    OrganizationKind.EXTERNAL_PRESS_UNIT,
    OrganizationKind.MEDIA_OUTLET,
)


class AlertRuleForm(StyledModelForm):
    outlet_kinds = forms.MultipleChoiceField(
        label=_("Outlet kinds"),
        choices=Outlet.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every kind."),
    )

    class Meta:
        model = AlertRule
        fields = [
            "name",
            "is_active",
            "sentiment",
            "institutions",
            "outlet_kinds",
            "terms",
            "query",
            "spike",
            "spike_factor",
            "spike_min_items",
            "recipients",
            "send_sms",
            "quiet_start",
            "quiet_end",
            "max_per_hour",
        ]
        widgets = {
            "institutions": forms.SelectMultiple(attrs={"size": 6}),
            "terms": forms.SelectMultiple(attrs={"size": 6}),
            "recipients": forms.SelectMultiple(attrs={"size": 6}),
            "query": forms.Textarea(attrs={"rows": 2}),
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from pressdesk.accounts.models import Role, User

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["institutions"].queryset = (  # type: ignore[attr-defined]
            organizations_visible_to(user).exclude(kind__in=_NATIONAL).order_by("path")
        )
        # The active terms of the user's own province (a term belongs to one province, issue 20 point 3).
        self.fields["terms"].queryset = (  # type: ignore[attr-defined]
            watch_terms_visible_to(user).filter(is_active=True).order_by("name")
        )
        people = User.objects.filter(is_active=True)
        if not user.is_admin:
            people = people.filter(scope_q(user) | Q(role=Role.ADMIN))
        self.fields["recipients"].queryset = people.order_by("first_name", "last_name")  # type: ignore[attr-defined]
        self.fields["max_per_hour"].min_value = 1  # type: ignore[attr-defined]

    def clean_query(self) -> str:
        query = self.cleaned_data.get("query", "").strip()
        if query:
            try:
                parse_query(query)
            except QuerySyntaxError as exc:
                raise ValidationError(query_error_message(exc)) from exc
        return query

    def clean_max_per_hour(self) -> int:
        value = self.cleaned_data["max_per_hour"]
        if value < 1:
            raise ValidationError(_("At least one alert an hour."))
        return int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            raise ValidationError(_("Give both ends of the quiet hours, or neither."))
        if data.get("spike") and (data.get("spike_factor") or 0) < 1:
            self.add_error("spike_factor", _("The spike factor must be at least 1."))
        return data

    def rule_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "is_active": data["is_active"],
            "sentiment": data["sentiment"],
            "outlet_kinds": list(data["outlet_kinds"]),
            "query": data["query"],
            "spike": data["spike"],
            "spike_factor": data["spike_factor"],
            "spike_min_items": data["spike_min_items"],
            "send_sms": data["send_sms"],
            "quiet_start": data["quiet_start"],
            "quiet_end": data["quiet_end"],
            "max_per_hour": data["max_per_hour"],
            "institutions": list(data["institutions"]),
            "terms": list(data["terms"]),
            "recipients": list(data["recipients"]),
        }


class AlertPreferenceForm(StyledForm):
    sms = forms.BooleanField(label=_("Receive monitoring alerts by SMS"), required=False)
