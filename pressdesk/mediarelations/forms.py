from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.forms import FilterableCheckboxSelectMultiple, StyledForm, StyledModelForm
from pressdesk.lib.phone import normalize_mobile
from pressdesk.mediarelations.models import Interaction, MediaContact, Release


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    tag = forms.IntegerField(label=_("Tag"), required=False)
    list = forms.IntegerField(label=_("List"), required=False)


class ContactForm(StyledModelForm):
    tag_names = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas.")
    )

    class Meta:
        model = MediaContact
        fields = [
            "name",
            "outlet",
            "role",
            "beat",
            "mobile",
            "phone",
            "email",
            "social",
            "preferred_format",
            "language",
            "notes",
            "is_key",
            "lawful_basis",
            "data_source",
            "shared",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, can_share: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_share:
            del self.fields["shared"]
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def clean_mobile(self) -> str:
        value: str = self.cleaned_data.get("mobile", "")
        return normalize_mobile(value) if value else ""

    def tags(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tag_names", "").split(",") if t.strip()]


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Contact list (Excel or CSV)"),
        help_text=_(
            "Columns: name, outlet, role, beat, mobile phone, other phone, e-mail, social media, tags, source."
        ),
    )


class ListForm(StyledForm):
    name = forms.CharField(label=_("Name of the list"), max_length=150)


class MembershipForm(StyledForm):
    media_list = forms.IntegerField(widget=forms.HiddenInput)
    member = forms.BooleanField(required=False, widget=forms.HiddenInput)


class InteractionForm(StyledModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "happened_on", "occasion", "participants", "notes"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, participants: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if participants is not None:
            self.fields["participants"].queryset = participants  # type: ignore[attr-defined]


class MergeForm(StyledForm):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(widget=forms.HiddenInput)


class ReleaseForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Release.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    lead = forms.CharField(label=_("Lead"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A statement's text; a bulletin's items are chosen on the next page."),
    )
    contact_person = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    embargo_until = forms.DateTimeField(
        label=_("Embargo until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    needs_external = forms.BooleanField(
        label=_("Ask the external approvals too"),
        required=False,
        help_text=_("The Ministry's, General Directorate's and Governorship's press units approve after the director."),
    )
    match_terms = forms.CharField(
        label=_("Matching terms"),
        required=False,
        max_length=300,
        help_text=_("Comma-separated words that mark a news item as carrying this release."),
    )

    event = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Release.Kind.STATEMENT and not (data.get("body") or "").strip():
            self.add_error("body", _("A press statement needs its text."))
        return data


class PickForm(StyledForm):
    stories = forms.MultipleChoiceField(label=_("Approved news stories"), required=False)
    notes = forms.MultipleChoiceField(label=_("Information notes"), required=False)
    events = forms.MultipleChoiceField(label=_("Events and trainings"), required=False)

    def __init__(self, *args: Any, stories: Any, notes: Any, events: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [(s.pk, s.title) for s in stories]  # type: ignore[attr-defined]
        self.fields["notes"].choices = [(n.pk, n.title) for n in notes]  # type: ignore[attr-defined]
        self.fields["events"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e.title} ({timezone.localtime(e.start):%d.%m.%Y})") for e in events
        ]
        for name in ("stories", "notes", "events"):
            self.fields[name].widget = FilterableCheckboxSelectMultiple(choices=self.fields[name].choices)  # type: ignore[attr-defined]


class ItemForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class SendForm(StyledForm):
    lists = forms.MultipleChoiceField(label=_("Send to the lists"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, lists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [(m.pk, m.name) for m in lists]  # type: ignore[attr-defined]


class CoverageForm(StyledForm):
    url = forms.URLField(label=_("Address of the news item"), max_length=2000, assume_scheme="https")


class ArchiveForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", "—"), *Release.Kind.choices])


class PeriodForm(StyledForm):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
