"""Forms of the organization tree, the process catalog and the responsibility matrix."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import Role
from pressdesk.lib.forms import StyledForm, StyledModelForm
from pressdesk.organizations.models import Organization, OrganizationKind, Process, Responsibility

INDENT = "\u00a0" * 4  # non-breaking spaces survive inside <option>


class TreeChoiceField(forms.ModelChoiceField):
    """An organization select that shows the tree indented, in tree order."""

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        label = INDENT * obj.depth + obj.name
        if not obj.is_active:
            label = _("%(name)s (inactive)") % {"name": label}
        return label


def https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model form fields, with web addresses typed without a scheme taken as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganizationForm(StyledModelForm):
    parent = TreeChoiceField(
        queryset=Organization.objects.order_by("path"),
        required=False,
        label=_("Parent organization"),
        empty_label=_("— none (top level) —"),
        help_text=_("Moving an organization moves everything under it as well."),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "province",
            "detsis_no",
            "email",
            "phone",
            "address",
            "website",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = https_urls

    def clean_parent(self) -> Organization | None:
        parent: Organization | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _("An organization cannot be moved under itself or its own sub-units."), code="cycle"
            )
        return parent


class OrganizationFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, short name or code"), "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
    )


class OrganizationActiveForm(StyledForm):
    """Sets an organization active or inactive (the state is explicit, so a double submit is harmless)."""

    active = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


def role_choice_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", _("— nobody —")), *Role.choices])


class ResponsibilityForm(StyledForm):
    """The six role slots of one matrix row, plus 'all staff are responsible'."""

    field_names = ("responsible_1", "responsible_2", "responsible_3", "control_1", "control_2", "control_3")

    all_staff = forms.BooleanField(
        label=_("All staff are responsible"),
        required=False,
        help_text=_("As for 3.17: work given by a superior to anybody in the unit."),
    )
    responsible_1 = role_choice_field(_("1st responsible"))
    responsible_2 = role_choice_field(_("2nd responsible"))
    responsible_3 = role_choice_field(_("3rd responsible"))
    control_1 = role_choice_field(_("1st control (initial)"))
    control_2 = role_choice_field(_("2nd control (initial)"))
    control_3 = role_choice_field(_("3rd control (signature)"))

    @classmethod
    def initial_from(cls, row: Responsibility | None) -> dict[str, Any]:
        if row is None:
            return {}
        return {name: getattr(row, name) for name in ("all_staff", *cls.field_names)}

    def roles(self) -> dict[str, Any]:
        """The cleaned values, as keyword arguments for the matrix actions."""
        return {name: self.cleaned_data[name] for name in ("all_staff", *self.field_names)}


class ResponsibilityOverrideForm(ResponsibilityForm):
    """A new matrix row for one provincial directorate."""

    organization = forms.ModelChoiceField(
        label=_("Provincial health directorate"),
        queryset=Organization.objects.none(),
        help_text=_("The row applies to this directorate and everything under it, instead of the default."),
    )

    field_order = ["organization"]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations


class ProcessForm(StyledModelForm):
    step_due_hours = forms.IntegerField(
        label=_("Hours allowed for each approval step"),
        min_value=1,
        max_value=24 * 30,
    )

    class Meta:
        model = Process
        fields = ["name", "duty", "needs_external_approval", "step_due_hours"]
        widgets = {"duty": forms.Textarea(attrs={"rows": 2})}


class StepForm(StyledForm):
    text = forms.CharField(label=_("Step"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this step")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.texts():
            raise forms.ValidationError(_("A process needs at least one step."), code="no_steps")

    def texts(self) -> list[str]:
        """The step texts in order, leaving out deleted and empty rows."""
        result = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            text = (data.get("text") or "").strip()
            if text:
                result.append(text)
        return result


StepFormSet = cast(
    type[BaseStepFormSet],
    forms.formset_factory(StepForm, formset=BaseStepFormSet, extra=2, can_delete=True, max_num=50),
)
