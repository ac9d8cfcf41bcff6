"""Channel management: list with token health, connect, edit, check now, delete.

Thin: ``forms`` validate, ``actions`` change state, ``queries`` decide what a
user may see. Only the unit head and administrators get in, and only to the
channels of their own directorate.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.channels import actions, queries
from pressdesk.channels.forms import ChannelForm, ChannelKindForm
from pressdesk.channels.limits import LIMITS
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import is_registered
from pressdesk.lib.http import AuthedHttpRequest

PER_PAGE = 25

_R = TypeVar("_R", bound=HttpResponseBase)


def _manager(view: Callable[..., _R]) -> Callable[..., _R]:
    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_manage_channels(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@_manager
def channel_list(request: AuthedHttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    health = request.GET.get("health", "")
    channels = queries.channel_list_for(
        request.user, text=text, health=health if health in Channel.Health.values else ""
    )
    page_obj = Paginator(channels, PER_PAGE).get_page(request.GET.get("page"))
    for channel in page_obj.object_list:
        channel.expiring = channel.expires_within(settings.CHANNEL_TOKEN_EXPIRY_WARNING_DAYS)  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page_obj,
        "channels": page_obj.object_list,
        "q": text,
        "health": health,
        "health_choices": Channel.Health.choices,
        "query_string": params.urlencode(),
        "kind_form": ChannelKindForm(),
        "now": timezone.now(),
    }
    return render(request, "channels/channel_list.html", context)


@require_http_methods(["GET", "POST"])
@_manager
def channel_create(request: AuthedHttpRequest) -> HttpResponse:
    kind_form = ChannelKindForm(request.GET or None)
    if not kind_form.is_valid():
        return render(request, "channels/channel_kind.html", {"kind_form": ChannelKindForm()})
    kind = kind_form.cleaned_data["kind"]
    form = ChannelForm(request.POST or None, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        channel = actions.create_channel(
            actor=request.user,
            organization=form.organization_value(),
            kind=kind,
            credentials=form.credentials(),
            allow_internal_host=bool(form.allow_internal_host_value()),
            **form.channel_fields(),
        )
        messages.success(request, _("The channel was connected; its token is being checked."))
        return redirect("channels:edit", channel.pk)
    context = {"form": form, "channel": None, "kind": kind, "kind_label": Channel.Kind(kind).label}
    return render(request, "channels/channel_form.html", context)


@require_http_methods(["GET", "POST"])
@_manager
def channel_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    channel = queries.get_channel_for_user(request.user, pk)
    form = ChannelForm(request.POST or None, user=request.user, kind=channel.kind, channel=channel)
    if request.method == "POST" and form.is_valid():
        actions.update_channel(
            actor=request.user,
            channel=channel,
            credentials=form.credentials(),
            allow_internal_host=form.allow_internal_host_value(),
            **form.channel_fields(),
        )
        messages.success(request, _("The channel was saved."))
        return redirect("channels:edit", channel.pk)
    channel.expiring = channel.expires_within(settings.CHANNEL_TOKEN_EXPIRY_WARNING_DAYS)  # type: ignore[attr-defined]
    context = {
        "now": timezone.now(),
        "form": form,
        "channel": channel,
        "kind": channel.kind,
        "kind_label": channel.get_kind_display(),
        "limits": LIMITS.get(channel.kind),
        "supported": is_registered(channel.kind),
    }
    return render(request, "channels/channel_form.html", context)


@require_POST
@_manager
def channel_check(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    channel = queries.get_channel_for_user(request.user, pk)
    if not channel.is_active:
        messages.error(request, _("Only active channels can be checked."))
    else:
        actions.request_check(actor=request.user, channel=channel)
        messages.success(request, _("The channel is being checked; refresh the page in a moment."))
    return redirect("channels:edit", channel.pk)


@require_http_methods(["GET", "POST"])
@_manager
def channel_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    channel = queries.get_channel_for_user(request.user, pk)
    if request.method == "POST":
        if actions.delete_channel(actor=request.user, channel=channel):
            messages.success(request, _("The channel was deleted and its token forgotten."))
        else:
            messages.warning(
                request, _("The channel has publications, so it was deactivated and its token forgotten instead.")
            )
        return redirect("channels:list")
    return render(request, "channels/channel_confirm_delete.html", {"channel": channel})
