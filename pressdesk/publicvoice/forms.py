from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.lib.forms import StyledForm
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for
from pressdesk.publicvoice.actions import ROUTABLE_KINDS
from pressdesk.publicvoice.models import Voice


def _institutions(user: User) -> Any:
    province = province_for(user)
    if province is None:
        return Organization.objects.none()
    return Organization.objects.filter(
        path__startswith=province.path, kind__in=ROUTABLE_KINDS, is_active=True
    ).order_by("name")


class MarkForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Voice.Kind.choices, widget=forms.RadioSelect)
    institution = forms.ModelChoiceField(
        label=_("Institution concerned"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The hospital, district directorate or presidency the post is about."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In a sentence: what the person complains about or suggests (what the institution needs)."),
    )
    route = forms.BooleanField(
        label=_("Send it to the institution now"),
        required=False,
        initial=True,
        help_text=_("Its press officer sees it in İşlerim with the original post and records what was done."),
    )
    deadline_days = forms.IntegerField(label=_("Deadline (business days)"), min_value=1, max_value=30, initial=3)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _institutions(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("route") and not data.get("institution"):
            self.add_error("institution", _("Choose the institution the complaint is about before routing it."))
        return data


class AnswerForm(StyledForm):
    action_taken = forms.CharField(label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    public_reply = forms.CharField(
        label=_("Reply given in public (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The text the institution wrote under the post, if it answered there."),
    )


class FilterForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All")), *Voice.Kind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Voice.Status.choices], required=False)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Organization.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _institutions(user)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "", False)}
