"""Forms of official letters: the letter itself, the list search and the EBYS record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import UNIT_ROLES, User
from pressdesk.documents import actions
from pressdesk.documents.models import SUBJECT_MAX_LENGTH, Letter
from pressdesk.lib.forms import DateInput, StyledForm, StyledModelForm
from pressdesk.organizations.models import Process
from pressdesk.organizations.queries import scope_q


class LinesField(forms.CharField):
    """A list of texts typed one per line in a textarea (İlgi, Ek, Dağıtım)."""

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [" ".join(line.split()) for line in str(text).splitlines() if line.strip()]


class LetterForm(StyledModelForm):
    references = LinesField(
        label=_("References (İlgi)"),
        help_text=_("One per line, oldest first, e.g. “Bakanlığın 01.10.2026 tarihli ve E-123 sayılı yazısı.”"),
    )
    attachments = LinesField(label=_("Attachments (Ek)"), help_text=_("One per line; leave empty if none."))
    distribution_action = LinesField(
        label=_("Distribution: for action (Gereği)"), help_text=_("One recipient per line.")
    )
    distribution_info = LinesField(
        label=_("Distribution: for information (Bilgi)"), help_text=_("One recipient per line.")
    )

    class Meta:
        model = Letter
        fields = [name for name in actions.LETTER_FIELDS if name != "record_no"]
        widgets = {
            "date": DateInput(),
            "body": forms.Textarea(attrs={"rows": 10}),
            "contact_address": forms.TextInput(),
        }
        help_texts = {
            "subject": _(
                "At most %(limit)d characters and no full stop at the end, so that the subject does not "
                "cross the middle of the page."
            )
            % {"limit": SUBJECT_MAX_LENGTH},
            "addressee": _("In the dative, e.g. “Sağlık Bakanlığına”; it is printed in capitals."),
            "body": _(
                "One paragraph per line. End the last paragraph with the closing (e.g. “… arz ederim.”); "
                "otherwise the closing is added as its last sentence."
            ),
            "file_plan_code": _("Standard file plan code, e.g. 010.06.02."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.order_by("sort_key")  # type: ignore[attr-defined]
        signers = User.objects.filter(is_active=True, role__in=UNIT_ROLES).filter(scope_q(user))
        if self.instance.pk and self.instance.signer_id:
            signers = User.objects.filter(pk=self.instance.signer_id) | signers
        self.fields["signer"].queryset = signers.distinct().order_by("first_name", "last_name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        missing = [
            str(self.fields[name].label)
            for name, errors in self.errors.as_data().items()
            if name in self.fields and any(error.code == "required" for error in errors)
        ]
        if missing:
            raise forms.ValidationError(
                _("These required fields are missing: %(fields)s. The letter cannot be generated without them."),
                code="missing",
                params={"fields": ", ".join(missing)},
            )
        return cleaned

    def letter_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}


class LetterSearchForm(StyledForm):
    q = forms.CharField(label=_("Search in subjects"), required=False, max_length=100)


class EbysForm(StyledForm):
    ebys_number = forms.CharField(
        label=_("EBYS number"), max_length=60, help_text=_("The full number, e.g. E-12345678-010.06.02-4521.")
    )
    ebys_date = forms.DateField(label=_("EBYS date"), widget=DateInput())
    signed_pdf = forms.FileField(label=_("Signed PDF"), help_text=_("The PDF downloaded from EBYS after signing."))

    def clean_signed_pdf(self) -> Any:
        upload = self.cleaned_data["signed_pdf"]
        actions.validate_signed_pdf(upload)
        return upload
