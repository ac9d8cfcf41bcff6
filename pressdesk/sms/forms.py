from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.forms import FilterableCheckboxSelectMultiple, StyledForm
from pressdesk.organizations.models import Organization
from pressdesk.sms import recipients, templates_text
from pressdesk.sms.models import Campaign, StandingRule


class CampaignForm(StyledForm):
    template = forms.ChoiceField(label=_("Start from a template"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For the list and the approvers."))
    kind = forms.ChoiceField(label=_("Type of message"), choices=Campaign.Kind.choices)
    text = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "data-sms-counter": "#sms-counter", "data-testid": "sms-text"}),
        help_text=_("Personal fields: {ad} name, {unvan} title, {kurum} institution."),
    )
    groups = forms.MultipleChoiceField(
        label=_("Recipients"), widget=FilterableCheckboxSelectMultiple(attrs={"data-sms-group": "1"})
    )
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to send as soon as it is approved and started."),
    )

    def __init__(self, *args: Any, province: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [  # type: ignore[attr-defined]
            *recipients.group_choices(province),
            *recipients.media_choices(province),
        ]
        self.fields["template"].choices = [("", "—"), *templates_text.template_choices()]  # type: ignore[attr-defined]


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Staff list (Excel or CSV)"),
        help_text=_("Columns: name, institution, unit, title, mobile phone, birthday and start date (optional)."),
    )


class SavedListForm(StyledForm):
    name = forms.CharField(label=_("Name of the list"), max_length=150)
    numbers = forms.CharField(
        label=_("Mobile numbers"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One number per line, people of the staff list, e.g. 0532 123 45 67."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class RuleForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type of rule"), choices=StandingRule.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For the list and the approvers."))
    text = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "data-sms-counter": "#sms-counter"}),
        help_text=_("Personal fields: {ad} name, {unvan} title, {kurum} institution, {yil} age or years of service."),
    )
    send_time = forms.TimeField(
        label=_("Send at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Each morning the day's messages are prepared for approval; once approved they go at this time."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class OutsideListForm(StyledForm):
    name = forms.CharField(label=_("Name of the list"), max_length=150)
    consent_source = forms.CharField(
        label=_("Consent source"),
        max_length=300,
        help_text=_(
            "How and when these people agreed to receive SMS, e.g. a written form at the meeting of 12.11.2026."
        ),
    )
    people = forms.CharField(
        label=_("People"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One person per line: name; mobile; title; institution (the last two optional)."),
    )
