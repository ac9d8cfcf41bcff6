"""Screens of events: the calendar, one event with its checklist, seating, press list and
transport, the printable run sheet, the check-in list and the invitee's answer page.
Thin: a form validates, an action runs."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.events import actions, queries
from pressdesk.events.forms import (
    ChecklistItemForm,
    EventForm,
    HallForm,
    InvitationTextForm,
    InviteeForm,
    RsvpForm,
    SeatForm,
    VehicleForm,
)
from pressdesk.events.models import Event, Invitation
from pressdesk.lib.clientip import client_ip
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.views import action_errors

VIEWS = ("month", "week", "list", "year")
#: How often the RSVP list asks for news (seconds).
RSVP_POLL_SECONDS = 10


def _organiser(request: AuthedHttpRequest) -> None:
    if not queries.is_organiser(request.user):
        raise PermissionDenied


def _manage(request: AuthedHttpRequest, event: Event) -> None:
    if not queries.can_manage(request.user, event):
        raise PermissionDenied


def _anchor(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


@require_GET
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    view = request.GET.get("view", "month")
    view = view if view in VIEWS else "month"
    cal = queries.calendar_for(
        request.user, "year" if view == "list" and "year" in request.GET else view, _anchor(request.GET.get("date"))
    )
    context = {
        "cal": cal,
        "view": view,
        "can_plan": queries.is_organiser(request.user),
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return render(request, "events/calendar.html", context)


def _event_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in EventForm.base_fields}


@require_http_methods(["GET", "POST"])
def event_create(request: AuthedHttpRequest) -> HttpResponse:
    _organiser(request)
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            event = actions.create_event(actor=request.user, **_event_kwargs(form.cleaned_data))
        if outcome.ok:
            messages.success(request, _("The event is planned."))
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    initial = {
        "kind": event.kind,
        "title": event.title,
        "start": timezone.localtime(event.start),
        "end": timezone.localtime(event.end),
        "hall": event.hall_id,
        "address": event.address,
        "attendees": [u.pk for u in queries.attendees_of(event)],
        "institution": event.institution_id,
        "expected_press": event.expected_press,
        "budget_notes": event.budget_notes,
        "press_kit_url": event.press_kit_url,
    }
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.update_event(actor=request.user, event=event, **_event_kwargs(form.cleaned_data))
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": event})


@require_POST
def event_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    actions.cancel_event(actor=request.user, event=event)
    messages.success(request, _("The event is cancelled."))
    return redirect(event)


@require_GET
def event_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from pressdesk.approvals import actions as approvals

    event = queries.get_event_for_user(request.user, pk)
    manage = queries.can_manage(request.user, event)
    attendees = queries.attendees_of(event)
    director = queries.director_of(request.user)
    clashes = []
    if director is not None and director in attendees:
        clashes = queries.person_clashes(director, event.start, event.end, exclude_uid=f"event-{event.pk}@pressdesk")
    context = {
        "event": event,
        "manage": manage,
        "attendees": attendees,
        "clashes": clashes,
        "checklist": queries.checklist_of(event),
        "seats": queries.seats_of(event),
        "flow": approvals.flow_for(event),
        "approved": actions.invitation_approved(event),
        "invitees": queries.invitees_of(event) if manage else [],
        "totals": queries.rsvp_totals(event),
        "vehicles": queries.vehicles_of(event),
        "poll_seconds": RSVP_POLL_SECONDS,
        "item_form": ChecklistItemForm(user=request.user, prefix="item"),
        "seat_form": SeatForm(prefix="seat"),
        "invitee_form": InviteeForm(prefix="invitee"),
        "text_form": InvitationTextForm(
            prefix="invitation", initial={"text": event.invitation_text, "note": event.invitation_note}
        ),
        "vehicle_form": VehicleForm(prefix="vehicle"),
    }
    return render(request, "events/detail.html", context)


def _back(event: Event, anchor: str) -> HttpResponse:
    return redirect(f"{event.get_absolute_url()}#{anchor}")


# --- halls -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def hall_list(request: AuthedHttpRequest) -> HttpResponse:
    _organiser(request)
    form = HallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.create_hall(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The hall is added."))
            return redirect("events:halls")
    halls = queries.halls_visible_to(request.user).order_by("name")
    return render(request, "events/halls.html", {"form": form, "halls": halls})


# --- checklist and seating -------------------------------------------------------------------


@require_POST
def item_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = ChecklistItemForm(request.POST, user=request.user, prefix="item")
    if form.is_valid():
        data = form.cleaned_data
        with action_errors(request):
            actions.add_checklist_item(
                actor=request.user, event=event, label=data["label"], owner=data["owner"], due_date=data["due_date"]
            )
    else:
        messages.error(request, _("Write the item."))
    return _back(event, "checklist")


@require_POST
def item_update(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_item_for_user(request.user, pk)
    _manage(request, item.event)
    if request.POST.get("remove"):
        actions.remove_checklist_item(actor=request.user, item=item)
        return _back(item.event, "checklist")
    form = ChecklistItemForm(request.POST, user=request.user, prefix=f"i{item.pk}")
    if form.is_valid():
        with action_errors(request):
            actions.update_checklist_item(actor=request.user, item=item, **form.cleaned_data)
            if request.POST.get("task"):
                item.refresh_from_db()
                actions.item_to_task(actor=request.user, item=item)
                messages.success(request, _("The item is a task in My work now."))
    else:
        messages.error(request, _("Check the item's fields."))
    return _back(item.event, "checklist")


@require_POST
def seat_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    if request.POST.get("protocol"):
        added = actions.seat_by_protocol(actor=request.user, event=event)
        messages.success(request, _("%(count)s protocol seats added.") % {"count": added})
        return _back(event, "seating")
    form = SeatForm(request.POST, prefix="seat")
    if form.is_valid():
        with action_errors(request):
            actions.add_seat(actor=request.user, event=event, **form.cleaned_data)
    else:
        messages.error(request, _("Check the seat's fields."))
    return _back(event, "seating")


@require_GET
def run_sheet(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The printable run sheet (akış) of the day: checklist, seating, press and transport."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    context = {
        "event": event,
        "attendees": queries.attendees_of(event),
        "checklist": queries.checklist_of(event),
        "seats": queries.seats_of(event),
        "invitees": [i for i in queries.invitees_of(event) if _coming(i)],
        "vehicles": queries.vehicles_of(event),
    }
    return render(request, "events/run_sheet.html", context)


def _coming(invitee: Any) -> bool:
    invitation = getattr(invitee, "invitation", None)
    return invitation is not None and invitation.answer == Invitation.Answer.YES


# --- press list and invitation ---------------------------------------------------------------


@require_POST
def invitee_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = InviteeForm(request.POST, prefix="invitee")
    if form.is_valid():
        with action_errors(request, each=True):
            actions.add_invitee(actor=request.user, event=event, **form.cleaned_data)
            if not form.cleaned_data["email"]:
                messages.warning(
                    request, _("%(name)s has no e-mail address: no invitation can be e-mailed.") % form.cleaned_data
                )
    else:
        messages.error(request, _("Check the journalist's name and e-mail address."))
    return _back(event, "press")


@require_POST
def invitation_text(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = InvitationTextForm(request.POST, prefix="invitation")
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.save_invitation_text(actor=request.user, event=event, **form.cleaned_data)
            if request.POST.get("submit"):
                event.refresh_from_db()
                actions.submit_invitation(actor=request.user, event=event)
        if outcome.ok:
            messages.success(
                request, _("The invitation is sent for approval.") if request.POST.get("submit") else _("Saved.")
            )
    else:
        messages.error(request, _("Write the invitation text."))
    return _back(event, "press")


@require_POST
def invitations_send(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    with action_errors(request) as outcome:
        queued, without_email = actions.send_invitations(actor=request.user, event=event)
    if outcome.ok:
        if queued:
            messages.success(request, _("%(count)s invitations are being e-mailed.") % {"count": queued})
        else:
            messages.info(request, _("Every invitee with an e-mail address has been invited already."))
        if without_email:
            messages.warning(
                request,
                _("No e-mail address, not invited: %(names)s. Add their address or call them.")
                % {"names": ", ".join(without_email)},
            )
    return _back(event, "press")


@require_GET
def rsvp_list(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment of the press list, polled while the page is open."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    context = {
        "event": event,
        "invitees": queries.invitees_of(event),
        "totals": queries.rsvp_totals(event),
        "vehicles": queries.vehicles_of(event),
        "poll_seconds": RSVP_POLL_SECONDS,
        "manage": True,
    }
    return render(request, "events/_rsvp.html", context)


LINK_MESSAGES = {
    "unknown": (404, _("This link is not valid")),
    "expired": (410, _("The event is over: this link has expired")),
    "used": (410, _("This link has been used: use the link in the latest e-mail to change your answer")),
}


@login_not_required
@never_cache
@rate_limited("event-rsvp")
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's own page: only this event and this invitee's answer form."""
    try:
        invitation = actions.open_rsvp(token=token)
    except actions.LinkError as exc:
        status, title = LINK_MESSAGES[exc.reason]
        return render(request, "events/rsvp_invalid.html", {"title": title}, status=status)
    initial = {
        "answer": invitation.answer if invitation.answer != Invitation.Answer.PENDING else None,
        "people": invitation.people or 1,
        "camera_crew": invitation.camera_crew,
        "needs_transport": invitation.needs_transport,
    }
    form = RsvpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with action_errors(request, form=form, permission=False) as outcome:
                invitation = actions.answer_rsvp(
                    token=token,
                    answer=data["answer"],
                    people=data["people"] or 0,
                    camera_crew=data["camera_crew"],
                    needs_transport=data["needs_transport"],
                    ip_address=client_ip(request) or None,
                )
        except actions.LinkError as exc:
            status, title = LINK_MESSAGES[exc.reason]
            return render(request, "events/rsvp_invalid.html", {"title": title}, status=status)
        if outcome.ok:
            return render(request, "events/rsvp_done.html", {"invitation": invitation})
    event = invitation.invitee.event
    return render(request, "events/rsvp.html", {"invitation": invitation, "event": event, "form": form})


# --- transport and the day -------------------------------------------------------------------


@require_POST
def vehicle_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = VehicleForm(request.POST, prefix="vehicle")
    if form.is_valid():
        with action_errors(request, each=True):
            actions.add_vehicle(actor=request.user, event=event, **form.cleaned_data)
    else:
        messages.error(request, _("Check the vehicle's fields."))
    return _back(event, "transport")


@require_POST
def vehicle_assign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    invitee = queries.get_invitee_for_user(request.user, pk)
    _manage(request, invitee.event)
    vehicle = None
    if request.POST.get("vehicle"):
        try:
            vehicle = queries.get_vehicle_for_user(request.user, int(request.POST["vehicle"]))
        except ValueError:
            vehicle = None
    with action_errors(request) as outcome:
        actions.assign_vehicle(actor=request.user, invitee=invitee, vehicle=vehicle)
    if outcome.ok and vehicle is not None:
        messages.success(request, _("%(name)s rides in %(vehicle)s.") % {"name": invitee.name, "vehicle": vehicle})
    return _back(invitee.event, "transport")


@require_GET
def vehicle_print(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    vehicle = queries.get_vehicle_for_user(request.user, pk)
    _manage(request, vehicle.event)
    riders = vehicle.riders.select_related("invitee", "invitee__outlet").order_by("invitee__name")
    return render(request, "events/vehicle_print.html", {"vehicle": vehicle, "riders": riders})


@require_GET
def checkin_list(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    return render(request, "events/checkin.html", {"event": event, "invitees": queries.invitees_of(event)})


@require_POST
def checkin(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    invitee = queries.get_invitee_for_user(request.user, pk)
    _manage(request, invitee.event)
    actions.check_in(actor=request.user, invitee=invitee, arrived=request.POST.get("arrived") != "0")
    return redirect("events:checkin_list", invitee.event_id)
