"""The channel form: one form whose fields follow the kind of channel.

Secret fields are password inputs that never render the stored value; on an
edit they are optional and an empty one keeps what is stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.channels.models import Channel
from pressdesk.lib import netguard
from pressdesk.lib.forms import StyledForm
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import scope_root

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from pressdesk.accounts.models import User


@dataclass(frozen=True)
class Secret:
    name: str
    label: StrOrPromise
    help_text: StrOrPromise = ""
    required: bool = True


@dataclass(frozen=True)
class KindSpec:
    base_url_label: StrOrPromise = ""  # empty: the kind has no address field
    base_url_required: bool = True
    base_url_help: StrOrPromise = ""
    account_label: StrOrPromise = ""  # empty: no account field
    account_help: StrOrPromise = ""
    account_required: bool = True
    secrets: tuple[Secret, ...] = ()
    options: tuple[str, ...] = field(default_factory=tuple)


K = Channel.Kind
SPECS: dict[str, KindSpec] = {
    K.MASTODON: KindSpec(
        base_url_label=_("Instance address"),
        base_url_help=_("For example https://mastodon.social"),
        secrets=(
            Secret(
                "access_token",
                _("Access token"),
                _("Preferences → Development → New application; scopes read:accounts, write:statuses, write:media."),
            ),
        ),
        options=("visibility",),
    ),
    K.BLUESKY: KindSpec(
        base_url_label=_("Service address"),
        base_url_required=False,
        base_url_help=_("Leave empty for https://bsky.social; your own PDS otherwise."),
        account_label=_("Handle"),
        account_help=_("For example saglik.bsky.social"),
        secrets=(Secret("app_password", _("App password"), _("Settings → Privacy and security → App passwords.")),),
    ),
    K.FACEBOOK: KindSpec(
        account_label=_("Page id"),
        secrets=(
            Secret(
                "access_token",
                _("Page access token"),
                _("With pages_manage_posts, pages_read_engagement and pages_show_list."),
            ),
        ),
        options=("api_version",),
    ),
    K.INSTAGRAM: KindSpec(
        account_label=_("Instagram user id"),
        account_help=_("The id of the professional account linked to the Facebook Page."),
        secrets=(Secret("access_token", _("Access token"), _("With instagram_basic and instagram_content_publish.")),),
        options=("api_version",),
    ),
    K.X: KindSpec(
        account_label=_("OAuth client id"),
        account_help=_("Needed to refresh the token; X's access tokens live two hours."),
        account_required=False,
        secrets=(
            Secret(
                "access_token",
                _("OAuth 2.0 user access token"),
                _("With the tweet.write, tweet.read, users.read, media.write and offline.access scopes."),
            ),
            Secret("refresh_token", _("Refresh token"), required=False),
            Secret("client_secret", _("OAuth client secret"), _("Only for a confidential client."), required=False),
        ),
    ),
    K.WORDPRESS: KindSpec(
        base_url_label=_("Site address"),
        base_url_help=_("For example https://ilsaglik.example.gov.tr"),
        account_label=_("User name"),
        secrets=(
            Secret("application_password", _("Application password"), _("Users → Profile → Application passwords.")),
        ),
        options=("post_status",),
    ),
    K.WEBHOOK: KindSpec(
        base_url_label=_("Webhook address"),
        secrets=(
            Secret(
                "secret",
                _("Signing secret"),
                _("Each request is signed with HMAC-SHA256 in the X-Pressdesk-Signature header (docs/channels.md)."),
            ),
        ),
    ),
    K.YOUTUBE: KindSpec(
        account_label=_("OAuth client id"),
        secrets=(
            Secret("client_secret", _("OAuth client secret")),
            Secret("refresh_token", _("Refresh token"), _("From an OAuth consent with the youtube.upload scope.")),
        ),
        options=("privacy_status",),
    ),
}

VISIBILITY_CHOICES = [
    ("public", _("Public")),
    ("unlisted", _("Unlisted")),
    ("private", _("Followers only")),
]
POST_STATUS_CHOICES = [("publish", _("Published")), ("draft", _("Draft"))]
PRIVACY_CHOICES = [("private", _("Private")), ("unlisted", _("Unlisted")), ("public", _("Public"))]


def _secret_field(secret: Secret, *, editing: bool) -> forms.CharField:
    help_text = secret.help_text
    if editing:
        help_text = _("A value is stored; leave empty to keep it.")
    return forms.CharField(
        label=secret.label,
        required=secret.required and not editing,
        strip=True,
        max_length=4000,
        help_text=help_text,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password", "class": "form-control"}),
    )


class ChannelForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("As the unit calls it, e.g. Mastodon @saglik"))
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    base_url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    account_id = forms.CharField(label=_("Account"), max_length=255)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=VISIBILITY_CHOICES, initial="public")
    api_version = forms.RegexField(
        label=_("Graph API version"),
        regex=r"^v\d{1,2}\.\d$",
        initial="v23.0",
        help_text=_("Meta retires versions after about two years; e.g. v23.0."),
    )
    post_status = forms.ChoiceField(label=_("Post status on the site"), choices=POST_STATUS_CHOICES, initial="publish")
    privacy_status = forms.ChoiceField(label=_("Video visibility"), choices=PRIVACY_CHOICES, initial="private")
    token_expires_on = forms.DateField(
        label=_("Token expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("If the network gave an expiry date; the unit head is reminded a week before."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    allow_internal_host = forms.BooleanField(
        label=_("Allow internal address"),
        required=False,
        help_text=_("Only for a website inside the directorate's network. Administrators only."),
    )

    def __init__(self, *args: Any, user: User, kind: str, channel: Channel | None = None, **kwargs: Any) -> None:
        if channel is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(channel)
        super().__init__(*args, **kwargs)
        self.user = user
        self.kind = kind
        self.channel = channel
        self.spec = SPECS[kind]
        spec = self.spec
        if spec.base_url_label:
            self.fields["base_url"].label = spec.base_url_label
            self.fields["base_url"].required = spec.base_url_required
            self.fields["base_url"].help_text = spec.base_url_help
        else:
            del self.fields["base_url"]
        if spec.account_label:
            self.fields["account_id"].label = spec.account_label
            self.fields["account_id"].help_text = spec.account_help
            self.fields["account_id"].required = spec.account_required
        else:
            del self.fields["account_id"]
        for option in ("visibility", "api_version", "post_status", "privacy_status"):
            if option not in spec.options:
                del self.fields[option]
        for secret in spec.secrets:
            self.fields[f"secret_{secret.name}"] = _secret_field(secret, editing=channel is not None)
        organizations = self._organizations()
        if channel is None and len(organizations) > 1:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        else:
            del self.fields["organization"]
            self.fixed_organization = channel.organization if channel else (organizations[0] if organizations else None)
        if not user.is_admin:
            del self.fields["allow_internal_host"]

    def _organizations(self) -> list[Organization]:
        root = scope_root(self.user)
        if isinstance(root, Organization):
            return [root]
        if root is None:
            return []
        return list(Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE, is_active=True))

    @property
    def secret_fields(self) -> list[forms.BoundField]:
        return [self[f"secret_{secret.name}"] for secret in self.spec.secrets]

    @property
    def option_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("visibility", "api_version", "post_status", "privacy_status") if name in self.fields
        ]

    @staticmethod
    def initial_for(channel: Channel) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": channel.name,
            "base_url": channel.base_url,
            "account_id": channel.account_id,
            "is_active": channel.is_active,
            "allow_internal_host": channel.allow_internal_host,
            "token_expires_on": timezone.localtime(channel.token_expires_at).date()
            if channel.token_expires_at
            else None,
        }
        initial.update(channel.options or {})
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "organization" not in self.fields and getattr(self, "fixed_organization", None) is None:
            raise ValidationError(_("You have no organization to connect a channel for."), code="organization")
        url = data.get("base_url")
        if "allow_internal_host" in self.fields:
            allow = bool(data.get("allow_internal_host"))
        else:
            # An administrator's permission covers the address they approved; a new address is checked.
            allow = self.channel is not None and self.channel.allow_internal_host and url == self.channel.base_url
        if url and not allow:
            try:
                netguard.check_url(url)
            except netguard.BlockedAddressError:
                self.add_error(
                    "base_url",
                    ValidationError(
                        _("This address points to an internal network; only an administrator can allow it."),
                        code="internal",
                    ),
                )
            except netguard.UnsupportedURLError:
                self.add_error("base_url", ValidationError(_("Enter an http or https address."), code="unsupported"))
            except httpx.HTTPError:  # does not resolve now: the health check will say so
                pass
        return data

    # --- What the actions take -------------------------------------------------

    def organization_value(self) -> Organization:
        if "organization" in self.fields:
            org: Organization = self.cleaned_data["organization"]
            return org
        fixed = self.fixed_organization
        assert fixed is not None
        return fixed

    def channel_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        expires: datetime.date | None = data.get("token_expires_on")
        fields: dict[str, Any] = {
            "name": data["name"].strip(),
            "base_url": data.get("base_url", "") or "",
            "account_id": (data.get("account_id", "") or "").strip(),
            "options": {name: data[name] for name in self.spec.options if data.get(name)},
            "token_expires_at": (
                timezone.make_aware(datetime.datetime.combine(expires, datetime.time(23, 59))) if expires else None
            ),
            "is_active": data.get("is_active", False),
        }
        known = self.channel.token_expires_at if self.channel is not None else None
        # Keep the exact time the network reported when the day did not change.
        if known is not None and expires is not None and timezone.localtime(known).date() == expires:
            fields["token_expires_at"] = known
        return fields

    def credentials(self) -> dict[str, str]:
        return {secret.name: self.cleaned_data.get(f"secret_{secret.name}", "") for secret in self.spec.secrets}

    def allow_internal_host_value(self) -> bool | None:
        if "allow_internal_host" not in self.fields:
            return None
        return bool(self.cleaned_data.get("allow_internal_host"))


class ChannelKindForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of channel"), choices=Channel.Kind.choices)
