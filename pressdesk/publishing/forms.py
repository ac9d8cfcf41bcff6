"""Forms of news publishing: the story, photos, review, publishing, press contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import Role, User
from pressdesk.channels.models import Channel
from pressdesk.lib.forms import DateInput, StyledForm, StyledModelForm
from pressdesk.organizations.queries import NATIONAL_KINDS, organizations_visible_to
from pressdesk.publishing import queries
from pressdesk.publishing.models import NewsroomProfile, NewsStory, PressContact


class StoryForm(StyledModelForm):
    tag_names = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas, e.g. aşı, kanser taraması.")
    )

    class Meta:
        model = NewsStory
        fields = [
            "title",
            "spot",
            "body_html",
            "social_text",
            "video_urls",
            "organization",
            "event_name",
            "event_date",
            "channels",
            "goes_to_press",
            "needs_external_approval",
            "embargo_until",
        ]
        widgets = {
            "embargo_until": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "spot": forms.Textarea(attrs={"rows": 2, "maxlength": 600}),
            "body_html": forms.Textarea(attrs={"rows": 12, "data-rich-editor": "1"}),
            "social_text": forms.Textarea(attrs={"rows": 4, "data-social-text": "1"}),
            "video_urls": forms.Textarea(attrs={"rows": 2}),
            "event_date": DateInput(),
            "channels": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(tag.name for tag in self.instance.tags.all())
        orgs = organizations_visible_to(user).exclude(kind__in=NATIONAL_KINDS).order_by("path")
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        offer_channels(self, queries.channels_for(user))
        if user.role == Role.AFFILIATE_PRESS:
            # The institution writes about itself; the unit chooses the channels.
            del self.fields["organization"]
            self.fields.pop("channels", None)  # already gone when no channel is active
            self.no_channels_note = ""
        elif not self.instance.pk and user.organization_id:
            self.fields["organization"].initial = user.organization_id

    def clean_video_urls(self) -> str:
        value: str = self.cleaned_data.get("video_urls", "")
        validator = forms.URLField(assume_scheme="https")
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        for line in lines:
            validator.clean(line)
        return "\n".join(lines)

    def tags(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("tag_names", "").split(",") if name.strip()]

    def story_fields(self) -> dict[str, Any]:
        data = {key: value for key, value in self.cleaned_data.items() if key not in ("tag_names",)}
        data["tags"] = self.tags()
        if "channels" in data:
            data["channels"] = list(data["channels"])
        return data


class PhotoForm(StyledForm):
    photo = forms.ImageField(
        label=_("Photo"), help_text=_("JPEG, PNG or WebP. The original is kept for the media kit.")
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    credit = forms.CharField(
        label=_("Credit"), max_length=120, required=False, help_text=_("e.g. Foto: İl Sağlık Müdürlüğü")
    )


class CommentForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PublishForm(StyledForm):
    when = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now."),
    )
    channels: forms.ModelMultipleChoiceField[Channel] = forms.ModelMultipleChoiceField(
        label=_("Channels"), queryset=Channel.objects.none(), required=False, widget=forms.CheckboxSelectMultiple()
    )
    email_press = forms.BooleanField(label=_("E-mail it to the local press list"), required=False)

    def __init__(self, *args: Any, user: User, story: NewsStory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if offer_channels(self, queries.channels_for(user)):
            field = self.fields["channels"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.initial = [c.pk for c in story.channels.all()]
            field.label_from_instance = channel_label  # type: ignore[method-assign,assignment]
        if not story.goes_to_press:
            del self.fields["email_press"]
        else:
            self.fields["email_press"].initial = True


NEWSROOM_ALWAYS = _("The story is always published on the newsroom; tick the other channels it should go to.")
NO_CHANNELS = _(
    "No channel is active: the story is published on the newsroom only. "
    "An administrator adds the website and social accounts under Administration → Channels."
)


def offer_channels(form: forms.BaseForm, channels: Any) -> bool:
    """Offer ``channels`` as check boxes, saying the newsroom always gets the story; a note when there are none."""
    field = form.fields["channels"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    field.queryset = channels
    field.help_text = NEWSROOM_ALWAYS
    if channels.exists():
        return True
    del form.fields["channels"]
    form.no_channels_note = NO_CHANNELS  # type: ignore[attr-defined]
    return False


class PublicationTextForm(StyledForm):
    text = forms.CharField(label=_("Post text"), widget=forms.Textarea(attrs={"rows": 5}))


class PressContactForm(StyledModelForm):
    class Meta:
        model = PressContact
        fields = ["name", "outlet", "email", "is_active"]


class NewsroomProfileForm(StyledModelForm):
    class Meta:
        model = NewsroomProfile
        fields = ["about", "spokesperson_name", "spokesperson_title", "press_email", "press_phone", "track_press_mail"]
        widgets = {"about": forms.Textarea(attrs={"rows": 6, "maxlength": 4000})}


class StorySearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *NewsStory.Status.choices])


def channel_label(channel: Channel) -> str:
    """The channel's name, with its health when it is not working (staff see it before publishing)."""
    if channel.health in (Channel.Health.FAILING, Channel.Health.TOKEN_INVALID):
        return f"{channel.name} — {channel.get_health_display()}"
    return channel.name
