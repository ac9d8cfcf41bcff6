"""Forms of media monitoring: sources, watch terms and the archive search."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import httpx
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pressdesk.lib import netguard
from pressdesk.lib.forms import DateInput, StyledForm, StyledModelForm
from pressdesk.monitoring.matching import QuerySyntaxError, parse_query
from pressdesk.monitoring.models import Outlet, Sentiment, Source, WatchTerm
from pressdesk.monitoring.sources import bluesky, mastodon
from pressdesk.monitoring.sources import meta as meta_source
from pressdesk.monitoring.sources import x as x_source
from pressdesk.monitoring.sources.feeds import (
    BING_NEWS,
    GOOGLE_NEWS,
    search_feed_url,
    youtube_channel_id,
    youtube_feed_url,
)
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import organizations_visible_to

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

QUERY_ERRORS = {
    "empty": _("The query is empty."),
    "unterminated_phrase": _("A quoted phrase is not closed (character %(position)s)."),
    "unbalanced_parenthesis": _("The parentheses do not match (character %(position)s)."),
    "missing_operand": _("A word, phrase or group is missing (character %(position)s)."),
    "unexpected": _("Unexpected text at character %(position)s."),
    "bad_near": _("NEAR needs a number and a word or phrase on both sides, like a NEAR/5 b (character %(position)s)."),
    "bad_field": _("title: needs a word or group, site: a host name like site:example.com (character %(position)s)."),
    "bad_wildcard": _("A * is allowed only at the end of a word (character %(position)s)."),
    "only_negative": _("The query needs at least one word that must occur, not only NOT (character %(position)s)."),
    "no_words": _("There are no letters or digits to search for (character %(position)s)."),
}


def query_error_message(error: QuerySyntaxError) -> str:
    template = QUERY_ERRORS.get(error.code, _("The query cannot be read (character %(position)s)."))
    return str(template) % {"position": error.position + 1}


Kind = Source.Kind
FORM_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.MANUAL]
IMAP_HOST = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)

# The fields each kind of source needs, besides name, outlet, interval (and the admin's internal-address switch).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.FEED: ("url",),
    Kind.NEWS_SITEMAP: ("url",),
    Kind.WEB_PAGE: ("url", "link_contains"),
    Kind.SEARCH_FEED: ("search_engine", "search_query"),
    Kind.YOUTUBE: ("youtube_channel",),
    Kind.MASTODON: ("mastodon_target",),
    Kind.BLUESKY: ("bluesky_account", "search_query"),
    Kind.IMAP: (
        "imap_host",
        "imap_security",
        "imap_port",
        "imap_username",
        "imap_password",
        "imap_folder",
        "imap_clipping_provider",
    ),
    Kind.X_SEARCH: ("x_query", "x_monthly_cap", "access_token"),
    Kind.X_ACCOUNT: ("x_username", "x_monthly_cap", "access_token"),
    Kind.FACEBOOK_PAGE: ("meta_page_id", "access_token"),
    Kind.INSTAGRAM: ("meta_ig_user_id", "access_token"),
}
#: The fixed API address of the platform kinds (tests and a proxy may point a source elsewhere by admin edit).
API_URLS: dict[str, str] = {
    Kind.X_SEARCH: x_source.API,
    Kind.X_ACCOUNT: x_source.API,
    Kind.FACEBOOK_PAGE: meta_source.API,
    Kind.INSTAGRAM: meta_source.API,
}
GRAPH_ID = re.compile(r"^[0-9]{5,25}$")
ALL_KIND_FIELDS = {name for names in KIND_FIELDS.values() for name in names}


def form_kind(value: str | None) -> str:
    """A kind the source form can create (feed when the value is missing or unknown)."""
    return value if value in KIND_FIELDS else Kind.FEED


class SourceForm(StyledForm):
    """One form for every kind of source; only the fields the kind needs are kept (``KIND_FIELDS``)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.order_by("name"),
        required=False,
        help_text=_("Choose an outlet, or fill in a new outlet below."),
    )
    new_outlet_name = forms.CharField(label=_("New outlet: name"), max_length=200, required=False)
    new_outlet_kind = forms.ChoiceField(
        label=_("New outlet: type"), choices=Outlet.Kind.choices, initial=Outlet.Kind.NEWS_SITE, required=False
    )
    new_outlet_province = forms.CharField(label=_("New outlet: province"), max_length=60, required=False)
    new_outlet_reach = forms.IntegerField(
        label=_("New outlet: reach or circulation"), min_value=0, required=False, initial=0
    )
    kind = forms.ChoiceField(label=_("Source type"), choices=FORM_KINDS, initial=Kind.FEED, widget=forms.HiddenInput)
    # Per kind (KIND_FIELDS):
    url = forms.URLField(label=_("Address"), max_length=2000, assume_scheme="https")
    link_contains = forms.CharField(
        label=_("Only links containing"),
        max_length=200,
        required=False,
        help_text=_(
            "Optional: a part of the article addresses, such as /haber/. Empty: links that look like articles."
        ),
    )
    search_engine = forms.ChoiceField(
        label=_("Search engine"),
        choices=[(GOOGLE_NEWS, _("Google News")), (BING_NEWS, _("Bing News"))],
        initial=GOOGLE_NEWS,
    )
    search_query = forms.CharField(
        label=_("Search words"),
        max_length=500,
        help_text=_(
            'Words or a phrase in quotes, as you would type them into the search engine: "Kocaeli Şehir Hastanesi"'
        ),
    )
    youtube_channel = forms.CharField(
        label=_("YouTube channel"),
        max_length=300,
        help_text=_("The channel id (UC… , 24 characters) or the channel address https://www.youtube.com/channel/UC…"),
    )
    mastodon_target = forms.CharField(
        label=_("Mastodon account or hashtag"),
        max_length=300,
        help_text=_("An account as @kullanici@ornek.social or a hashtag as #etiket@ornek.social (or their addresses)."),
    )
    bluesky_account = forms.CharField(
        label=_("Bluesky account"),
        max_length=300,
        required=False,
        help_text=_(
            "@kurum.bsky.social or https://bsky.app/profile/kurum.bsky.social; or leave empty and fill in search words."
        ),
    )
    imap_host = forms.CharField(
        label=_("Mail server (IMAP)"), max_length=253, help_text=_("For example imap.saglik.gov.tr")
    )
    imap_security = forms.ChoiceField(
        label=_("Connection security"),
        choices=[("ssl", _("SSL/TLS (port 993)")), ("starttls", _("STARTTLS (port 143)"))],
        initial="ssl",
    )
    imap_port = forms.IntegerField(
        label=_("Port"), min_value=1, max_value=65535, required=False, help_text=_("Empty: the usual port.")
    )
    imap_username = forms.CharField(label=_("User name"), max_length=254)
    imap_password = forms.CharField(
        label=_("Password"),
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    imap_folder = forms.CharField(label=_("Folder"), max_length=200, initial="INBOX", required=False)
    imap_clipping_provider = forms.ChoiceField(
        label=_("Spreadsheet attachments are exports of"),
        required=False,
        help_text=_(
            "A clipping service whose daily export (CSV or Excel) comes to this mailbox: each attached file is "
            "taken in with the service's saved columns, as an upload on the Clipping services page would be."
        ),
    )
    x_query = forms.CharField(
        label=_("X search words"),
        max_length=1024,
        required=False,
        help_text=_(
            "In X's own search syntax. Leave empty to search for the province's active watch terms "
            "(translated and packed into as few queries as the plan allows)."
        ),
    )
    x_username = forms.CharField(
        label=_("X account"), max_length=100, help_text=_("@kullanici or https://x.com/kullanici")
    )
    x_monthly_cap = forms.IntegerField(
        label=_("Monthly read cap (posts)"),
        min_value=1,
        initial=x_source.DEFAULT_MONTHLY_CAP,
        help_text=_("Your X plan's monthly limit of posts read; the source stops reading at it until the month turns."),
    )
    meta_page_id = forms.CharField(
        label=_("Facebook Page id"), max_length=25, help_text=_("The numeric id of a Page the directorate manages.")
    )
    meta_ig_user_id = forms.CharField(
        label=_("Instagram professional account id"),
        max_length=25,
        help_text=_("The numeric id of the Instagram account (as the Graph API gives it), not the user name."),
    )
    access_token = forms.CharField(
        label=_("Access token"),
        max_length=2000,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted; never shown again or logged."),
    )
    poll_interval = forms.IntegerField(
        label=_("Polling interval (minutes)"),
        min_value=1,
        max_value=24 * 60,
        initial=15,
        help_text=_("The interval adapts to how often the source publishes; this is where it starts."),
    )
    allowed_private = forms.BooleanField(
        label=_("Allow internal address"),
        required=False,
        help_text=_("Only for sources inside the institution's network. Administrators only."),
    )

    def __init__(
        self, *args: Any, user: User, kind: str = Kind.FEED, source: Source | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.source_kind = form_kind(source.kind if source is not None else kind)
        self.source = source
        self.fields["kind"].initial = self.source_kind
        if self.is_bound:
            data = self.data.copy()  # type: ignore[attr-defined]
            data[self.add_prefix("kind")] = self.source_kind
            self.data = data  # the kind comes from the page, not the post
        for name in ALL_KIND_FIELDS - set(KIND_FIELDS[self.source_kind]):
            del self.fields[name]
        if "access_token" in self.fields:
            if source is not None and source.secret:
                self.fields["access_token"].help_text = _("A token is stored. Leave empty to keep it.")
            else:
                self.fields["access_token"].required = True
        if "imap_password" in self.fields:
            if source is not None and source.secret:
                self.fields["imap_password"].help_text = _("A password is stored. Leave empty to keep it.")
            else:
                self.fields["imap_password"].required = True
        if "imap_clipping_provider" in self.fields:
            self.fields["imap_clipping_provider"].choices = [  # type: ignore[attr-defined]
                ("", _("None: attachments are not imported")),
                *((str(p.pk), p.name) for p in self._clipping_providers()),
            ]
        if not user.is_admin:
            del self.fields["allowed_private"]

    def _clipping_providers(self) -> Any:
        from pressdesk.monitoring.models import ClippingProvider
        from pressdesk.organizations.queries import province_for, province_of

        province = province_of(self.source.organization) if self.source is not None else province_for(self.user)
        return ClippingProvider.objects.filter(province=province).only("pk", "name") if province else []

    @property
    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in KIND_FIELDS[self.source_kind]]

    @classmethod
    def initial_for(cls, source: Source) -> dict[str, Any]:
        config = source.config or {}
        initial: dict[str, Any] = {
            "name": source.name,
            "outlet": source.outlet_id,
            "kind": source.kind,
            "url": source.url,
            "poll_interval": max(1, source.poll_interval // 60),
            "allowed_private": source.allowed_private,
            "link_contains": config.get("link_contains", ""),
            "search_engine": config.get("engine", GOOGLE_NEWS),
            "search_query": config.get("query", ""),
            "youtube_channel": config.get("channel_id", ""),
            "bluesky_account": config.get("actor", ""),
            "imap_host": config.get("host", ""),
            "imap_security": config.get("security", "ssl"),
            "imap_port": config.get("port"),
            "imap_username": config.get("username", ""),
            "imap_folder": config.get("folder", "INBOX"),
            "imap_clipping_provider": str(config.get("clipping_provider") or ""),
            "x_query": config.get("query", ""),
            "x_username": config.get("username", ""),
            "x_monthly_cap": config.get("monthly_cap", x_source.DEFAULT_MONTHLY_CAP),
            "meta_page_id": config.get("page_id", ""),
            "meta_ig_user_id": config.get("ig_user_id", ""),
        }
        if source.kind == Kind.MASTODON:
            initial["mastodon_target"] = source.target
        return initial

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Only http and https addresses can be watched."), code="scheme")
        return url

    def clean_youtube_channel(self) -> str:
        channel = youtube_channel_id(self.cleaned_data["youtube_channel"])
        if channel is None:
            raise ValidationError(
                _("Enter the channel id (UC and 22 letters, digits, - or _) or the channel's /channel/ address."),
                code="channel",
            )
        return channel

    def clean_mastodon_target(self) -> tuple[str, dict[str, str]]:
        target = mastodon.parse_target(self.cleaned_data["mastodon_target"])
        if target is None:
            raise ValidationError(
                _("Write an account as @kullanici@ornek.social or a hashtag as #etiket@ornek.social."), code="handle"
            )
        return target

    def clean_bluesky_account(self) -> str:
        value = self.cleaned_data["bluesky_account"].strip()
        if not value:
            return ""
        actor = bluesky.parse_actor(value)
        if actor is None:
            raise ValidationError(
                _("Write a Bluesky account as @kurum.bsky.social or its https://bsky.app/profile/ address."),
                code="handle",
            )
        return actor

    def clean_x_username(self) -> str:
        username = x_source.parse_username(self.cleaned_data["x_username"])
        if username is None:
            raise ValidationError(
                _("Write an X account as @kullanici (letters, digits and _, at most 15)."), code="handle"
            )
        return username

    def _graph_id(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if not GRAPH_ID.match(value):
            raise ValidationError(_("Enter the numeric id the Graph API gives (digits only)."), code="graph_id")
        return value

    def clean_meta_page_id(self) -> str:
        return self._graph_id("meta_page_id")

    def clean_meta_ig_user_id(self) -> str:
        return self._graph_id("meta_ig_user_id")

    def clean_imap_host(self) -> str:
        host = self.cleaned_data["imap_host"].strip().rstrip(".").lower()
        if not IMAP_HOST.match(host):
            raise ValidationError(
                _("Enter the server's name, such as imap.ornek.gov.tr, without :// or a path."), code="host"
            )
        return host

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("outlet") and not data.get("new_outlet_name", "").strip():
            self.add_error("outlet", _("Choose an outlet or enter the name of a new one."))
        if self.source_kind == Kind.BLUESKY:
            if "search_query" in self.errors and data.get("bluesky_account"):
                del self.errors["search_query"]  # an account alone is enough
            elif (
                not data.get("bluesky_account")
                and not data.get("search_query")
                and "bluesky_account" not in self.errors
            ):
                self.add_error("bluesky_account", _("Fill in an account or search words."))
            if data.get("bluesky_account") and data.get("search_query"):
                self.add_error("search_query", _("Fill in either an account or search words, not both."))
        if self.source_kind == Kind.IMAP and data.get("imap_host"):
            self._check_host(data["imap_host"], self._allowed_private(data, data["imap_host"]), "imap_host")
        elif not self.errors:
            url = self._fetch_url(data)
            if url and not self._allowed_private(data, url):
                self._check_address(url, "url" if "url" in self.fields else KIND_FIELDS[self.source_kind][0])
        return data

    def _allowed_private(self, data: dict[str, Any], address: str) -> bool:
        """An administrator's choice; for anyone else, the approved address only while it stays the same."""
        if "allowed_private" in self.fields:
            return bool(data.get("allowed_private"))
        source = self.source
        if source is None or not source.allowed_private:
            return False
        if self.source_kind == Kind.IMAP:
            return address == (source.config or {}).get("host")
        return address == source.url

    def _check_address(self, url: str, field: str) -> None:
        try:
            netguard.check_url(url)
        except netguard.BlockedAddressError:
            self.add_error(
                field,
                ValidationError(
                    _("This address points to an internal network and cannot be watched."), code="internal"
                ),
            )
        except netguard.UnsupportedURLError:
            self.add_error(field, ValidationError(_("This address cannot be fetched."), code="unsupported"))
        except httpx.HTTPError:  # the name does not resolve now; the poller will report it on the source
            pass

    def _check_host(self, host: str, allowed_private: bool, field: str) -> None:
        if allowed_private:
            return
        try:
            netguard.check_host(host)
        except netguard.BlockedAddressError:
            self.add_error(
                field,
                ValidationError(_("This server is on an internal network and cannot be used."), code="internal"),
            )
        except httpx.HTTPError:
            pass

    def _fetch_url(self, data: dict[str, Any]) -> str:
        """The address the poller will fetch, built from what the kind asks for."""
        kind = self.source_kind
        if kind == Kind.SEARCH_FEED:
            return search_feed_url(data.get("search_engine") or GOOGLE_NEWS, data.get("search_query", ""))
        if kind == Kind.YOUTUBE:
            return youtube_feed_url(data.get("youtube_channel", ""))
        if kind == Kind.MASTODON:
            return data["mastodon_target"][0] if data.get("mastodon_target") else ""
        if kind == Kind.BLUESKY:
            return bluesky.APPVIEW
        if kind == Kind.IMAP:
            return ""
        if kind in API_URLS:
            keep = self.source is not None and self.source.kind == kind and self.source.url
            return self.source.url if keep else API_URLS[kind]  # type: ignore[union-attr]
        return str(data.get("url") or "")

    def _config(self, data: dict[str, Any]) -> dict[str, Any]:
        kind = self.source_kind
        if kind == Kind.WEB_PAGE:
            return {"link_contains": data["link_contains"].strip()} if data.get("link_contains", "").strip() else {}
        if kind == Kind.SEARCH_FEED:
            return {"engine": data["search_engine"], "query": " ".join(data["search_query"].split())}
        if kind == Kind.YOUTUBE:
            return {"channel_id": data["youtube_channel"]}
        if kind == Kind.MASTODON:
            return dict(data["mastodon_target"][1])
        if kind == Kind.BLUESKY:
            if data.get("bluesky_account"):
                return {"actor": data["bluesky_account"]}
            return {"query": " ".join(data["search_query"].split())}
        if kind == Kind.X_SEARCH:
            config: dict[str, Any] = {"mode": "search", "monthly_cap": data["x_monthly_cap"]}
            if data.get("x_query", "").strip():
                config["query"] = " ".join(data["x_query"].split())
            return config
        if kind == Kind.X_ACCOUNT:
            return {"mode": "account", "username": data["x_username"], "monthly_cap": data["x_monthly_cap"]}
        if kind == Kind.FACEBOOK_PAGE:
            return {"page_id": data["meta_page_id"]}
        if kind == Kind.INSTAGRAM:
            return {"ig_user_id": data["meta_ig_user_id"]}
        if kind == Kind.IMAP:
            provider = data.get("imap_clipping_provider")
            return {
                "host": data["imap_host"],
                "security": data["imap_security"],
                "port": data.get("imap_port") or (993 if data["imap_security"] == "ssl" else 143),
                "username": data["imap_username"].strip(),
                "folder": (data.get("imap_folder") or "INBOX").strip(),
                **({"clipping_provider": int(provider)} if provider else {}),
            }
        return {}

    def source_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            "name": data["name"].strip(),
            "kind": self.source_kind,
            "url": self._fetch_url(data),
            "config": self._config(data),
            "poll_interval": data["poll_interval"] * 60,
        }
        if data.get("imap_password"):
            fields["password"] = data["imap_password"]
        if data.get("access_token"):
            fields["password"] = data["access_token"]
        if "allowed_private" in self.fields:
            fields["allowed_private"] = data["allowed_private"]
        return fields

    def new_outlet_fields(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("outlet"):
            return None
        return {
            "name": data["new_outlet_name"].strip(),
            "kind": data.get("new_outlet_kind") or Outlet.Kind.NEWS_SITE,
            "province": data.get("new_outlet_province", "").strip(),
            "reach": data.get("new_outlet_reach") or 0,
        }


class ClipForm(StyledForm):
    """Staff paste the address of an article the sources missed."""

    url = forms.URLField(label=_("Article address"), max_length=2000, assume_scheme="https")
    outlet = forms.ModelChoiceField(label=_("Outlet"), queryset=Outlet.objects.order_by("name"))

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            netguard.check_url(url)
        except netguard.BlockedAddressError as exc:
            raise ValidationError(
                _("This address points to an internal network and cannot be fetched."), code="internal"
            ) from exc
        except netguard.UnsupportedURLError as exc:
            raise ValidationError(_("This address cannot be fetched."), code="unsupported") from exc
        except httpx.HTTPError:
            pass
        return url


class ManualClipForm(StyledForm):
    """A clip with no usable address (paywalled, print, broadcast): staff type what the article says."""

    outlet = forms.ModelChoiceField(label=_("Outlet"), queryset=Outlet.objects.order_by("name"))
    title = forms.CharField(label=_("Title"), max_length=1000)
    published_on = forms.DateField(label=_("Publication date"), widget=DateInput())
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("The article's text, typed or pasted; it is what the watch terms are matched against."),
    )
    url = forms.URLField(
        label=_("Address (if any)"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_("The paywalled or unreadable address, kept for reference; it is not fetched."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A scan or PDF of the page (optional)."),
    )

    def clean_published_on(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["published_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The publication date cannot be in the future."), code="future")
        return value

    def clean_file(self) -> Any:
        from pressdesk.lib.files import validate_document_upload

        upload = self.cleaned_data.get("file")
        if upload:
            validate_document_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file") and "file" not in self.errors:
            raise ValidationError(_("Type the article's text or attach a file of it."), code="empty")
        return cleaned

    def published_at(self) -> Any:
        """The publication date as the start of that day in Istanbul."""
        import datetime
        import zoneinfo

        from django.conf import settings

        day = self.cleaned_data["published_on"]
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


class WatchTermForm(StyledModelForm):
    class Meta:
        model = WatchTerm
        fields = ["name", "query", "organization", "is_active"]
        widgets = {"query": forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["query"].widget.attrs["aria-controls"] = "term-test"

    def clean_query(self) -> str:
        query: str = self.cleaned_data["query"].strip()
        try:
            parse_query(query)
        except QuerySyntaxError as error:
            raise ValidationError(query_error_message(error), code="syntax") from error
        return query


class ArchiveSearchForm(StyledForm):
    SORT_CHOICES = (("date", _("Newest first")), ("relevance", _("Relevance")))

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_('Words find their suffixed forms too. "Exact phrase", OR, -exclude, title:word, site:example.com'),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none(), required=False)
    outlet_kind = forms.ChoiceField(
        label=_("Outlet type"), choices=[("", _("All types")), *Outlet.Kind.choices], required=False
    )
    province = forms.CharField(label=_("Province"), required=False, max_length=60)
    term = forms.ModelChoiceField(label=_("Matched term"), queryset=WatchTerm.objects.none(), required=False)
    institution = forms.ModelChoiceField(
        label=_("Matched institution"), queryset=Organization.objects.none(), required=False
    )
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=[("", _("All")), *Sentiment.choices], required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False, initial="date")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from pressdesk.monitoring import queries

        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = queries.sources_visible_to(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["term"].queryset = queries.watch_terms_visible_to(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["institution"].queryset = organizations_visible_to(user).order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


DURATION = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)\s*$")


class BroadcastClipForm(StyledForm):
    """A TV or radio item, or a print clip, without an address (issue 30, point 3)."""

    medium = forms.ChoiceField(
        label=_("Medium"),
        choices=[("tv", _("Television")), ("radio", _("Radio")), ("print", _("Print"))],
        widget=forms.RadioSelect,
        initial="tv",
    )
    outlet = forms.ModelChoiceField(label=_("Channel or newspaper"), queryset=Outlet.objects.order_by("name"))
    title = forms.CharField(label=_("Subject"), max_length=1000, help_text=_("What the item was about, in a line."))
    programme = forms.CharField(label=_("Programme"), max_length=300, required=False)
    aired_on = forms.DateField(label=_("Date"), widget=DateInput())
    aired_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration = forms.CharField(
        label=_("Duration"), required=False, max_length=12, help_text=_("Minutes and seconds, e.g. 2:30 or 1:05:00.")
    )
    page = forms.CharField(label=_("Page"), max_length=50, required=False)
    reach = forms.IntegerField(
        label=_("Reach or circulation"),
        required=False,
        min_value=0,
        max_value=10**12,
        help_text=_("Viewers, listeners or copies, where known."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    transcript = forms.CharField(
        label=_("Transcript or notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said or printed; the watch terms are matched against it."),
    )
    archive_url = forms.URLField(
        label=_("Link to the broadcaster's archive"), required=False, max_length=2000, assume_scheme="https"
    )
    recording = forms.FileField(
        label=_("Audio or video clip"),
        required=False,
        help_text=_("MP3, M4A, WAV, OGG, MP4, MOV, WebM, MKV or TS; checked by its content."),
    )
    scan = forms.FileField(
        label=_("Scan of the page"),
        required=False,
        help_text=_("PDF or image; its text is read (a scanned page by text recognition, in the background)."),
    )

    def clean_aired_on(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["aired_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return value

    def clean_duration(self) -> int | None:
        value = (self.cleaned_data.get("duration") or "").strip()
        if not value:
            return None
        if value.isdigit():
            return int(value) * 60
        match = DURATION.match(value)
        if not match:
            raise ValidationError(_("Write the duration as minutes:seconds, e.g. 2:30."), code="duration")
        hours, minutes, seconds = int(match[1] or 0), int(match[2]), int(match[3])
        return hours * 3600 + minutes * 60 + seconds

    def clean_recording(self) -> Any:
        from pressdesk.monitoring.clipmedia import validate_media_upload

        upload = self.cleaned_data.get("recording")
        if upload:
            validate_media_upload(upload)
        return upload

    def clean_scan(self) -> Any:
        from pressdesk.monitoring.clipmedia import validate_scan_upload

        upload = self.cleaned_data.get("scan")
        if upload:
            validate_scan_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        medium = cleaned.get("medium")
        if medium == "print" and cleaned.get("recording"):
            self.add_error("recording", _("A print clip takes a scan, not an audio or video file."))
        if medium in ("tv", "radio") and cleaned.get("scan"):
            self.add_error("scan", _("A broadcast takes an audio or video clip, not a scan."))
        has_text = (cleaned.get("summary") or "").strip() or (cleaned.get("transcript") or "").strip()
        has_file = cleaned.get("recording") or cleaned.get("scan") or cleaned.get("archive_url")
        if not has_text and not has_file and not ({"recording", "scan"} & set(self.errors)):
            raise ValidationError(_("Give a summary, a transcript or notes, a file or the archive link."), code="empty")
        return cleaned

    def aired_at(self) -> Any:
        """The date and time in Istanbul (the start of the day when no time is given)."""
        import datetime
        import zoneinfo

        from django.conf import settings

        moment = self.cleaned_data.get("aired_time") or datetime.time()
        day = self.cleaned_data["aired_on"]
        return datetime.datetime.combine(day, moment, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


class ClippingProviderForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    service = forms.ChoiceField(label=_("Service"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from pressdesk.monitoring.models import ClippingProvider

        super().__init__(*args, **kwargs)
        self.fields["service"].choices = ClippingProvider.Service.choices  # type: ignore[attr-defined]


class ClippingImportForm(StyledForm):
    """The service's export, and which column holds each field (pre-filled with the saved mapping)."""

    file = forms.FileField(label=_("Export file (CSV or Excel)"))

    def __init__(self, *args: Any, mapping: dict[str, str] | None = None, **kwargs: Any) -> None:
        from pressdesk.monitoring.clipping import FIELDS

        super().__init__(*args, **kwargs)
        for name, label in FIELDS.items():
            self.fields[f"map_{name}"] = forms.CharField(
                label=label, required=False, max_length=200, initial=(mapping or {}).get(name, "")
            )

    def mapping_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("map_")]

    def clean_file(self) -> Any:
        from pathlib import PurePath

        from pressdesk.lib.files import validate_document_upload

        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in (".csv", ".xlsx", ".txt"):
            raise ValidationError(_("Upload the service's export as CSV or Excel (.xlsx)."), code="type")
        validate_document_upload(upload)
        return upload

    def mapping(self) -> dict[str, str] | None:
        """The columns typed in; ``None`` when none was (the saved mapping and the known headers apply)."""
        given = {
            name[4:]: value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("map_") and value and value.strip()
        }
        return given or None


class MinistryReportForm(StyledForm):
    report_date = forms.DateField(label=_("Report date"), widget=DateInput())
    file = forms.FileField(label=_("The Ministry's report (PDF)"))
