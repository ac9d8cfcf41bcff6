from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.notifications import actions
from pressdesk.notifications.forms import PreferencesForm
from pressdesk.notifications.models import Notification
from pressdesk.notifications.queries import notification_for_user, notifications_for, preferences_table


def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    template = htmx_partial(request, "notifications/notification_list.html", "notifications/_notification_items.html")
    return render(request, template, {"page_obj": page, "notifications": page.object_list})


@require_POST
def mark_all_read(request: AuthedHttpRequest) -> HttpResponse:
    actions.mark_read(actor=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


def open_notification(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read and go where it points."""
    note = notification_for_user(request.user, pk)
    if note is None:
        return redirect("notifications:list")
    actions.mark_read(actor=request.user, notification_ids=[note.pk])
    safe = note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
    return redirect(note.url if safe else "notifications:list")


def preferences(request: AuthedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial_table=preferences_table(request.user))
    if request.method == "POST" and form.is_valid():
        actions.set_preferences(actor=request.user, choices=form.choices())
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


__all__ = ["Notification", "mark_all_read", "notification_list", "open_notification", "preferences"]
