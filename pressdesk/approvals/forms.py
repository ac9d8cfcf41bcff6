from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.lib.files import validate_document_upload
from pressdesk.lib.forms import DateInput, StyledForm
from pressdesk.organizations.models import Organization, OrganizationKind


class DecisionForm(StyledForm):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the document."),
    )
    seen_hash = forms.CharField(widget=forms.HiddenInput)
    step = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _unit_label(org: Organization) -> str:
    return f"{org.name} <{org.email}>"


class ExternalRequestForm(StyledForm):
    units = forms.ModelMultipleChoiceField(
        label=_("External units"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each unit receives its own link by e-mail, valid for a limited time and usable once."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Organization.objects.filter(
            kind__in=[OrganizationKind.EXTERNAL_PRESS_UNIT, OrganizationKind.GOVERNORSHIP, OrganizationKind.MINISTRY],
            is_active=True,
        ).exclude(email="")
        field.label_from_instance = _unit_label  # type: ignore[method-assign,assignment]


class ExternalAnswerForm(StyledForm):
    """Staff record an answer that arrived by e-mail or EBYS."""

    decision = forms.ChoiceField(
        label=_("Answer"), choices=[("approve", _("Approved")), ("reject", _("Rejected"))], widget=forms.RadioSelect
    )
    answered_at = forms.DateField(label=_("Date of the answer"), widget=DateInput)
    answered_by = forms.CharField(label=_("Who answered"), max_length=200)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label=_("Evidence"), help_text=_("The e-mail or the EBYS reply (PDF, e-mail file, image).")
    )

    def clean_answered_at(self) -> Any:
        value = self.cleaned_data["answered_at"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The answer cannot be dated in the future."))
        return value

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data["evidence"]
        validate_document_upload(upload)
        return upload


class ExternalLinkForm(StyledForm):
    answered_by = forms.CharField(label=_("Your name and title"), max_length=200)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject."),
    )


class DeputyForm(StyledForm):
    principal = forms.ModelChoiceField(label=_("Acting for"), queryset=User.objects.none())
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=User.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args: Any, principals: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = principals  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if data.get("principal") and data.get("deputy") and data["principal"] == data["deputy"]:
            self.add_error("deputy", _("A person cannot be their own deputy."))
        return data
