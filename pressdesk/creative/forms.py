"""Forms of the creative studio: they validate the input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.creative.models import Asset, DesignRequest, ShootPlan, SpecialDay
from pressdesk.lib.forms import StyledForm, StyledModelForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class DesignRequestForm(StyledModelForm):
    references = MultipleFileField(label=_("Reference files"), required=False)

    class Meta:
        model = DesignRequest
        fields = ["kind", "title", "purpose", "texts", "sizes", "medium", "quantity", "deadline", "special_day"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "texts": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "sizes": {"required": _("Give the size or format of the design (for example A3 or 1080×1080).")},
            "deadline": {"required": _("Enter the date the design is needed by.")},
            "purpose": {"required": _("Write what the design is for.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["special_day"].queryset = SpecialDay.objects.filter(is_active=True)  # type: ignore[attr-defined]


class MoreInfoForm(StyledForm):
    texts = forms.CharField(label=_("Texts to use"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    sizes = forms.CharField(label=_("Sizes and formats"), max_length=300, required=False)


class DecideForm(StyledForm):
    DECISIONS = [
        ("accept", _("Accept")),
        ("more_info", _("Ask for more information")),
        ("decline", _("Decline")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=DesignRequest.Priority.choices, coerce=int, initial=DesignRequest.Priority.NORMAL
    )
    designer = forms.ModelChoiceField(label=_("Designer"), queryset=User.objects.none(), required=False)
    comment = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, designers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["designer"].queryset = designers  # type: ignore[attr-defined]


class VersionForm(StyledForm):
    file = forms.FileField(label=_("Draft (PDF, PNG, JPEG or SVG)"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class CommentForm(StyledForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    x = forms.FloatField(required=False, min_value=0, max_value=100, widget=forms.HiddenInput)
    y = forms.FloatField(required=False, min_value=0, max_value=100, widget=forms.HiddenInput)


class AnswerForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Approve this draft")), ("0", _("Ask for changes"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class AssetForm(StyledModelForm):
    upload = forms.FileField(label=_("File"))
    consent_upload = forms.FileField(label=_("Consent form"), required=False)

    class Meta:
        model = Asset
        fields = [
            "kind",
            "title",
            "description",
            "tags",
            "event",
            "taken_on",
            "credit",
            "rights",
            "rights_expire_on",
            "consent",
        ]
        widgets = {
            "taken_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rights_expire_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class AssetSearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Asset.Kind.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ResponsibleForm(StyledForm):
    people = forms.ModelMultipleChoiceField(label=_("Responsible people"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class PackageForm(StyledForm):
    press_text = forms.CharField(
        label=_("Text for the press"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, required=False
    )
    social_posts = forms.CharField(
        label=_("Social media posts"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("One paragraph per channel, starting with its name (for example “X: …”)."),
    )


class ScheduleForm(StyledForm):
    publish_time = forms.TimeField(
        label=_("Publish at"), widget=forms.TimeInput(attrs={"type": "time"}), help_text=_("On the day, Istanbul time.")
    )
    channels: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Social media accounts"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, channels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels  # type: ignore[attr-defined]


class AttachForm(StyledForm):
    story: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Story"), queryset=User.objects.none())
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args: Any, stories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = stories  # type: ignore[attr-defined]


class ShootPlanForm(StyledModelForm):
    class Meta:
        model = ShootPlan
        fields = ["topic", "outline", "place", "starts_at", "equipment"]
        widgets = {
            "outline": forms.Textarea(attrs={"rows": 6}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    checklist = forms.CharField(
        label=_("Preparation of the place"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("One item per line (for example: lighting checked, the corridor emptied, signs removed)."),
    )


class ShootPersonForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role in the video"), max_length=200, required=False)
    consent = forms.ChoiceField(label=_("Consent"), choices=Asset.Consent.choices)
    consent_file = forms.FileField(label=_("Consent form"), required=False)
