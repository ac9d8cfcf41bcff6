from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.events.models import Hall, Invitation, Kind, ProtocolRank, Slot
from pressdesk.lib.forms import StyledForm
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for


def people_for(user: User) -> Any:
    province = province_for(user)
    if province is None:
        return User.objects.none()
    return User.objects.filter(is_active=True, organization__path__startswith=province.path).order_by(
        "first_name", "last_name", "pk"
    )


def institutions_for(user: User) -> Any:
    province = province_for(user)
    if province is None:
        return Organization.objects.none()
    return Organization.objects.filter(path__startswith=province.path, is_active=True).order_by("name")


def _local(**attrs: Any) -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format="%Y-%m-%dT%H:%M")


class EventForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    start = forms.DateTimeField(label=_("Starts"), widget=_local())
    end = forms.DateTimeField(label=_("Ends"), widget=_local())
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none(), required=False)
    address = forms.CharField(
        label=_("Address"), max_length=300, required=False, help_text=_("When the event is not in one of our halls.")
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees from the directorate"), queryset=User.objects.none(), required=False
    )
    institution = forms.ModelChoiceField(
        label=_("Institution concerned"), queryset=Organization.objects.none(), required=False
    )
    expected_press = forms.CharField(label=_("Expected press"), max_length=300, required=False)
    press_kit_url = forms.URLField(
        label=_("Press kit link"),
        required=False,
        help_text=_("Photos and the statement, shared."),
        assume_scheme="https",
    )
    budget_notes = forms.CharField(
        label=_("Budget notes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from pressdesk.events.queries import halls_visible_to

        self.fields["hall"].queryset = halls_visible_to(user).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = people_for(user)  # type: ignore[attr-defined]
        self.fields["institution"].queryset = institutions_for(user)  # type: ignore[attr-defined]


class HallForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0)
    equipment = forms.CharField(label=_("Equipment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistItemForm(StyledForm):
    label = forms.CharField(label=_("Item"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    done = forms.BooleanField(label=_("Done"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_for(user)  # type: ignore[attr-defined]


class SeatForm(StyledForm):
    table = forms.CharField(label=_("Table"), max_length=40, initial="1")
    seat = forms.IntegerField(label=_("Seat"), min_value=1, initial=1)
    name = forms.CharField(label=_("Guest"), max_length=200)
    rank = forms.ModelChoiceField(
        label=_("Protocol rank"), queryset=ProtocolRank.objects.filter(is_active=True), required=False
    )


def contacts_for(user: User) -> Any:
    """The media contacts the user may pick for a press list (media relations; erased ones left out)."""
    from pressdesk.mediarelations.queries import contacts_visible_to

    return contacts_visible_to(user).filter(erased_at__isnull=True).select_related("outlet").order_by("name", "pk")


class ContactChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        outlet = obj.outlet.name if obj.outlet_id and obj.outlet else ""
        return f"{obj.name} ({outlet})" if outlet else str(obj.name)


class InviteeForm(StyledForm):
    contact = ContactChoiceField(
        label=_("Media contact"),
        queryset=None,
        required=False,
        help_text=_("Pick from the media contacts, or type the journalist below."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    outlet_name = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts_for(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("contact") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Pick a media contact or write the journalist's name."))
        return data


def media_lists_for(user: User) -> Any:
    """The media lists (media relations) the user may put on a press list, with their sizes."""
    from django.db.models import Count

    from pressdesk.mediarelations.queries import lists_visible_to

    return lists_visible_to(user).annotate(size=Count("contacts")).order_by("name", "pk")


class MediaListChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(_("%(name)s (%(count)s contacts)") % {"name": obj.name, "count": getattr(obj, "size", 0)})


class MediaListForm(StyledForm):
    media_list = MediaListChoiceField(label=_("Media list"), queryset=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["media_list"].queryset = media_lists_for(user)  # type: ignore[attr-defined]


class SlotForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Slot.Kind.choices)
    start = forms.DateTimeField(label=_("Time"), widget=_local())
    topic = forms.CharField(label=_("Topic"), max_length=300)
    journalist = forms.CharField(label=_("Journalist"), max_length=200, required=False)
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    spokesperson = forms.CharField(label=_("Spokesperson"), max_length=200, required=False)
    questions = forms.CharField(
        label=_("Questions received in advance"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    result_url = forms.URLField(
        label=_("Published result (link)"), max_length=2000, required=False, assume_scheme="https"
    )


class AfterwardsForm(StyledForm):
    summary = forms.CharField(
        label=_("What happened"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    press_kit_text = forms.CharField(
        label=_("Press kit text (statement)"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PhotoForm(StyledForm):
    upload = forms.ImageField(label=_("Photo"))
    credit = forms.CharField(label=_("Photographer"), max_length=200, required=False)
    not_for_publication = forms.BooleanField(
        label=_("Not for publication (no consent of the people in it)"), required=False
    )


class LibraryPhotoForm(StyledForm):
    """A photo picked from the asset library (the picker lists the ones the user may use)."""

    asset = forms.IntegerField(label=_("Photo from the asset library"), min_value=1)
    not_for_publication = forms.BooleanField(label=_("Leave it out of the press kit"), required=False)


class CoverageForm(StyledForm):
    """A news item added to the event's coverage by hand, by its address in monitoring."""

    url = forms.URLField(
        label=_("Address of the news item"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("A news item already in media monitoring that the automatic matching missed."),
        widget=forms.URLInput(attrs={"class": "form-control-sm"}),
    )


class InvitationTextForm(StyledForm):
    text = forms.CharField(label=_("Invitation text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    note = forms.CharField(
        label=_("Information note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RsvpForm(StyledForm):
    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[(Invitation.Answer.YES, _("Yes, I will attend")), (Invitation.Answer.NO, _("No"))],
        widget=forms.RadioSelect,
    )
    people = forms.IntegerField(label=_("Number of people"), min_value=0, max_value=20, initial=1, required=False)
    camera_crew = forms.BooleanField(label=_("With a camera crew"), required=False)
    needs_transport = forms.BooleanField(label=_("I need transport"), required=False)


class VehicleForm(StyledForm):
    name = forms.CharField(label=_("Vehicle"), max_length=120)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    driver = forms.CharField(label=_("Driver"), max_length=200, required=False)
    departure_point = forms.CharField(label=_("Departure point"), max_length=200)
    departure_at = forms.DateTimeField(label=_("Departure time"), widget=_local())


class AgendaItemForm(StyledForm):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600, initial=5)


class AgendaDocumentForm(StyledForm):
    upload = forms.FileField(label=_("Document (PDF, DOCX, JPEG or PNG)"))
