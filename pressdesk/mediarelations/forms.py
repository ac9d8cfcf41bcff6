from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.forms import StyledForm, StyledModelForm
from pressdesk.lib.phone import normalize_mobile
from pressdesk.mediarelations.models import Interaction, MediaContact


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
