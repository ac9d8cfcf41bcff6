from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.infonotes.models import ASKABLE_KINDS, InfoNote
from pressdesk.lib.forms import StyledForm
from pressdesk.organizations.models import Organization
from pressdesk.tasks.forms import MultipleFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MinistryRequestForm(StyledForm):
    title = forms.CharField(label=_("Subject"), max_length=255)
    summary = forms.CharField(label=_("What the Ministry asks"), widget=forms.Textarea(attrs={"rows": 4}))
    ministry_reference = forms.CharField(
        label=_("Their reference"), max_length=200, help_text=_("The number and date of their letter, or the e-mail.")
    )
    ministry_requested_at = forms.DateField(label=_("Requested on"), widget=DATE, initial=timezone.localdate)
    ministry_deadline = forms.DateField(label=_("Their deadline"), widget=DATE, required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution concerned"), queryset=Organization.objects.none(), required=False
    )
    attachments = MultipleFileField(
        label=_("Their e-mail or letter"), required=False, help_text=_("PDF, Word, e-mail (.eml/.msg) or image files.")
    )

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["institution"]).queryset = (
            institutions if institutions is not None else Organization.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        asked, due = data.get("ministry_requested_at"), data.get("ministry_deadline")
        if asked and due and due < asked:
            self.add_error("ministry_deadline", _("The deadline cannot be before the request."))
        return data


def institutions_for(user: Any) -> Any:
    """The institutions that can be asked for a note (hospitals, 112, presidencies, …) in the user's scope."""
    from pressdesk.organizations.queries import scope_root

    qs = Organization.objects.filter(kind__in=ASKABLE_KINDS, is_active=True).order_by("name")
    root = scope_root(user)
    if root is None:
        return qs.none()
    if isinstance(root, Organization):
        qs = qs.filter(path__startswith=root.path)
    return qs


class RequestLetterForm(StyledForm):
    institution = forms.ModelChoiceField(label=_("Institution concerned"), queryset=Organization.objects.none())
    addressee = forms.CharField(
        label=_("Addressee (muhatap)"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the institution's name in capitals."),
    )
    subject = forms.CharField(label=_("Subject (Konu)"), max_length=90)
    references = forms.CharField(
        label=_("References (İlgi)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: the story, the Ministry's request."),
    )
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 6}))
    deadline_days = forms.IntegerField(
        label=_("Deadline (business days)"),
        min_value=1,
        max_value=60,
        initial=5,
        help_text=_("Counted from the day the letter is sent, skipping weekends and public holidays."),
    )
    detsis_no = forms.CharField(label=_("DETSİS number"), max_length=20)
    file_plan_code = forms.CharField(label=_("File plan code"), max_length=30)

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["institution"]).queryset = (
            institutions if institutions is not None else Organization.objects.none()
        )

    def clean_references(self) -> list[str]:
        text: str = self.cleaned_data.get("references", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class SendRequestForm(StyledForm):
    ebys_number = forms.CharField(label=_("EBYS number"), max_length=60, required=False)
    ebys_date = forms.DateField(label=_("EBYS date"), widget=DATE, required=False, initial=timezone.localdate)
    signed_pdf = forms.FileField(label=_("Signed PDF"), required=False)


class AnswerForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    body = forms.CharField(label=_("Information note"), widget=forms.Textarea(attrs={"rows": 10}))
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class RecordNoteForm(AnswerForm):
    via = forms.ChoiceField(
        label=_("Received"),
        choices=[(InfoNote.Via.EBYS, InfoNote.Via.EBYS.label), (InfoNote.Via.EMAIL, InfoNote.Via.EMAIL.label)],
    )


class EditNoteForm(AnswerForm):
    remove = forms.MultipleChoiceField(
        label=_("Remove attachments"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, files: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["remove"]).choices = [(str(f.pk), f.original_name) for f in files]


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Why must the note change?"), widget=forms.Textarea(attrs={"rows": 3}))


class SendNoteForm(StyledForm):
    ministry = forms.EmailField(label=_("Ministry press office"), required=False)
    general_directorate = forms.EmailField(label=_("General Directorate press unit"), required=False)
    governorship = forms.EmailField(label=_("Governorship"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("ministry", "general_directorate", "governorship")):
            raise forms.ValidationError(_("Enter at least one e-mail address."))
        return data


class ReplyForm(StyledForm):
    reply_text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))
    reply_at = forms.DateField(label=_("Reply date"), widget=DATE, initial=timezone.localdate)


class CloseForm(StyledForm):
    comment = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    date_from = forms.DateField(label=_("From"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("To"), widget=DATE, required=False)
