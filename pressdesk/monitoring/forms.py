"""Forms of media monitoring: sources, watch terms and the archive search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pressdesk.lib import netguard
from pressdesk.lib.forms import DateInput, StyledForm, StyledModelForm
from pressdesk.monitoring.matching import QuerySyntaxError, parse_query
from pressdesk.monitoring.models import Outlet, Source, WatchTerm
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


class SourceForm(StyledForm):
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
    kind = forms.ChoiceField(label=_("Source type"), choices=Source.Kind.choices, initial=Source.Kind.FEED)
    url = forms.URLField(label=_("Address"), max_length=2000, assume_scheme="https")
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

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.is_admin:
            del self.fields["allowed_private"]

    @classmethod
    def initial_for(cls, source: Source) -> dict[str, Any]:
        return {
            "name": source.name,
            "outlet": source.outlet_id,
            "kind": source.kind,
            "url": source.url,
            "poll_interval": max(1, source.poll_interval // 60),
            "allowed_private": source.allowed_private,
        }

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Only http and https addresses can be watched."), code="scheme")
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("outlet") and not data.get("new_outlet_name", "").strip():
            self.add_error("outlet", _("Choose an outlet or enter the name of a new one."))
        url = data.get("url")
        if url and not data.get("allowed_private"):
            try:
                netguard.check_url(url)
            except netguard.BlockedAddressError:
                self.add_error(
                    "url",
                    ValidationError(
                        _("This address points to an internal network and cannot be watched."), code="internal"
                    ),
                )
            except netguard.UnsupportedURLError:
                self.add_error("url", ValidationError(_("This address cannot be fetched."), code="unsupported"))
            except httpx.HTTPError:  # the name does not resolve now; the poller will report it on the source
                pass
        return data

    def source_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            "name": data["name"].strip(),
            "kind": data["kind"],
            "url": data["url"],
            "poll_interval": data["poll_interval"] * 60,
        }
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


class WatchTermForm(StyledModelForm):
    class Meta:
        model = WatchTerm
        fields = ["name", "query", "organization", "is_active"]
        widgets = {"query": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user).order_by("name")  # type: ignore[attr-defined]

    def clean_query(self) -> str:
        query: str = self.cleaned_data["query"].strip()
        try:
            parse_query(query)
        except QuerySyntaxError as error:
            raise ValidationError(query_error_message(error), code="syntax") from error
        return query


class ArchiveSearchForm(StyledForm):
    SORT_CHOICES = (("date", _("Newest first")), ("relevance", _("Relevance")))

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
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
