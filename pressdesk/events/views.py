"""Screens of events: the calendar, one event with its checklist, seating, press list and
transport, the printable run sheet, the check-in list and the invitee's answer page.
Thin: a form validates, an action runs."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.events import actions, afterwards, queries
from pressdesk.events import agenda as agendas
from pressdesk.events.forms import (
    AfterwardsForm,
    AgendaDocumentForm,
    AgendaItemForm,
    ChecklistItemForm,
    CoverageForm,
    EventForm,
    HallForm,
    InvitationTextForm,
    InviteeForm,
    LibraryPhotoForm,
    MediaListForm,
    PhotoForm,
    RsvpForm,
    SeatForm,
    SlotForm,
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
        "invitee_form": InviteeForm(prefix="invitee", user=request.user),
        "media_list_form": MediaListForm(prefix="medialist", user=request.user) if manage else None,
        "text_form": InvitationTextForm(
            prefix="invitation", initial={"text": event.invitation_text, "note": event.invitation_note}
        ),
        "vehicle_form": VehicleForm(prefix="vehicle"),
    }
    if manage:
        context.update(_afterwards_context(request, event))
    if event.kind in agendas.AGENDA_KINDS:
        context.update(_agenda_context(event))
    return render(request, "events/detail.html", context)


def _agenda_context(event: Event) -> dict[str, Any]:
    agenda, items, documents = agendas.agenda_of(event)
    return {
        "has_agenda": True,
        "agenda": agenda,
        "agenda_items": items,
        "agenda_documents": documents,
        "agenda_minutes": sum(item.minutes for item in items),
        "agenda_flow": agendas.flow_of(agenda),
        "agenda_approved": agendas.is_approved(agenda),
        "agenda_item_form": AgendaItemForm(prefix="agenda"),
        "agenda_document_form": AgendaDocumentForm(prefix="agendadoc"),
    }


def _afterwards_context(request: AuthedHttpRequest, event: Event) -> dict[str, Any]:
    started = event.start <= timezone.now()
    return {
        "started": started,
        "slots": queries.slots_of(event),
        "slot_form": SlotForm(prefix="slot", initial={"start": timezone.localtime(event.start)}),
        "photos": queries.photos_of(event),
        "photo_form": PhotoForm(prefix="photo"),
        "photo_search": request.GET.get("photo_q", "").strip()[:200],
        "library_photos": afterwards.library_photos(
            request.user, event, text=request.GET.get("photo_q", "").strip()[:200]
        ),
        "afterwards_form": AfterwardsForm(
            prefix="after", initial={"summary": event.summary, "press_kit_text": event.press_kit_text}
        ),
        "turnout": queries.attendance(event),
        "coverage": queries.coverage_of(request.user, event) if started else [],
        "coverage_form": CoverageForm(prefix="coverage"),
        "story": event.story if event.story_id else None,
        "sms_campaign": event.sms_campaign if event.sms_campaign_id else None,
    }


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


@require_http_methods(["GET", "POST"])
def item_design(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Ask the creative studio for a checklist item's design (banner, printed material …), the
    request prefilled from the event and linked to the item."""
    from pressdesk.creative.forms import DesignRequestForm

    item = queries.get_item_for_user(request.user, pk)
    _manage(request, item.event)
    if item.design_request_id:
        return redirect("creative:request", item.design_request_id)
    form = DesignRequestForm(request.POST or None, request.FILES or None, initial=actions.design_prefill(item))
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.request_design(actor=request.user, item=item, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The design is requested from the creative studio and linked to the item."))
            return _back(item.event, "checklist")
    return render(request, "creative/request_form.html", {"form": form})


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
    form = InviteeForm(request.POST, prefix="invitee", user=request.user)
    if form.is_valid():
        with action_errors(request, each=True):
            invitee = actions.add_invitee(actor=request.user, event=event, **form.cleaned_data)
            if not invitee.email:
                messages.warning(
                    request,
                    _("%(name)s has no e-mail address: no invitation can be e-mailed.") % {"name": invitee.name},
                )
    else:
        messages.error(request, _("Check the journalist's name and e-mail address."))
    return _back(event, "press")


@require_POST
def media_list_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Put a whole media list on the press list, saying who was skipped and why."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = MediaListForm(request.POST, prefix="medialist", user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a media list of this province."))
        return _back(event, "press")
    with action_errors(request) as outcome:
        counts = actions.add_media_list(actor=request.user, event=event, media_list=form.cleaned_data["media_list"])
    if outcome.ok:
        messages.success(request, _("%(count)s contacts are added to the press list.") % {"count": counts["added"]})
        skipped = [
            (counts["already"], _("%(count)s already on the list")),
            (counts["unsubscribed"], _("%(count)s unsubscribed")),
            (counts["no_email"], _("%(count)s without an e-mail address")),
        ]
        reasons = [text % {"count": count} for count, text in skipped if count]
        if reasons:
            messages.warning(request, _("Skipped: %(reasons)s.") % {"reasons": ", ".join(reasons)})
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


@require_POST
def invitations_sms(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Prepare the SMS invitation as a corporate SMS campaign and put it to the SMS approval chain."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    with action_errors(request) as outcome:
        _flow, left_out = afterwards.invite_by_sms(actor=request.user, event=event)
    if outcome.ok:
        messages.success(request, _("The SMS invitation is sent for approval in Corporate SMS."))
        if left_out:
            messages.warning(
                request, _("No mobile number, not in the SMS: %(names)s.") % {"names": ", ".join(left_out)}
            )
    return _back(event, "press")


# --- on the day and after (3.9, point 7) -----------------------------------------------------------


@require_POST
def slot_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = SlotForm(request.POST, prefix="slot")
    if form.is_valid():
        with action_errors(request, each=True):
            afterwards.save_slot(actor=request.user, event=event, **form.cleaned_data)
    else:
        messages.error(request, _("Check the press conference or interview fields."))
    return _back(event, "slots")


@require_POST
def slot_update(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    slot = queries.get_slot_for_user(request.user, pk)
    _manage(request, slot.event)
    if request.POST.get("remove"):
        afterwards.remove_slot(actor=request.user, slot=slot)
        return _back(slot.event, "slots")
    form = SlotForm(request.POST, prefix=f"s{slot.pk}")
    if form.is_valid():
        with action_errors(request, each=True):
            afterwards.save_slot(actor=request.user, event=slot.event, slot=slot, **form.cleaned_data)
    else:
        messages.error(request, _("Check the press conference or interview fields."))
    return _back(slot.event, "slots")


@require_POST
def afterwards_save(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = AfterwardsForm(request.POST, prefix="after")
    if form.is_valid():
        afterwards.save_afterwards(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("Saved."))
    return _back(event, "afterwards")


@require_POST
def photo_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        data = form.cleaned_data
        with action_errors(request, each=True) as outcome:
            afterwards.add_photo(
                actor=request.user,
                event=event,
                upload=data["upload"],
                credit=data["credit"],
                for_publication=not data["not_for_publication"],
            )
        if outcome.ok:
            messages.success(request, _("The photo is in the asset library, tagged with the event."))
    else:
        messages.error(request, _("Upload a photo (JPEG or PNG)."))
    return _back(event, "photos")


@require_POST
def photo_pick(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Link a photo of the asset library to the event (the picker of the photos section)."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = LibraryPhotoForm(request.POST, prefix="library")
    if not form.is_valid():
        messages.error(request, _("Choose a photo of the asset library."))
        return _back(event, "photos")
    with action_errors(request, each=True) as outcome:
        photo = afterwards.add_library_photo(
            actor=request.user,
            event=event,
            asset_id=form.cleaned_data["asset"],
            for_publication=not form.cleaned_data["not_for_publication"],
        )
    if outcome.ok:
        messages.success(request, _("“%(title)s” is one of the event's photos.") % {"title": photo.asset.title})
    return _back(event, "photos")


@require_POST
def photo_update(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    photo = queries.get_photo_for_user(request.user, pk)
    _manage(request, photo.event)
    with action_errors(request):
        afterwards.set_photo_in_kit(actor=request.user, photo=photo, in_kit=request.POST.get("in_kit") == "1")
    return _back(photo.event, "photos")


@require_POST
def story_draft(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    with action_errors(request) as outcome:
        story = afterwards.draft_story(actor=request.user, event=event)
    if outcome.ok:
        messages.success(request, _("The news story is drafted from the event: check and complete it."))
        return redirect(story)
    return _back(event, "afterwards")


@require_POST
def press_kit_send(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    with action_errors(request) as outcome:
        queued, without_email = afterwards.send_press_kit(actor=request.user, event=event)
    if outcome.ok:
        if queued:
            messages.success(
                request, _("The press kit is being e-mailed to %(count)s journalists.") % {"count": queued}
            )
        else:
            messages.info(request, _("Every journalist with an e-mail address has been sent the press kit already."))
        if without_email:
            messages.warning(request, _("No e-mail address: %(names)s.") % {"names": ", ".join(without_email)})
    return _back(event, "afterwards")


@require_POST
def coverage_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Add a news item the matching missed to the event's coverage, by its address in monitoring."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = CoverageForm(request.POST, prefix="coverage")
    if not form.is_valid():
        messages.error(request, _("Give the address of the news item."))
        return _back(event, "coverage")
    item = queries.coverage_item_at(request.user, form.cleaned_data["url"])
    if item is None:
        messages.error(request, _("Monitoring has no news item at this address."))
        return _back(event, "coverage")
    with action_errors(request) as outcome:
        actions.add_coverage(actor=request.user, event=event, item=item)
    if outcome.ok:
        messages.success(request, _("The news item is added to the event's coverage."))
    return _back(event, "coverage")


@require_POST
def coverage_remove(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Take a news item out of the event's coverage; the matching does not show it again."""
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    item = queries.get_coverage_item_for_user(request.user, item_pk)
    with action_errors(request) as outcome:
        actions.remove_coverage(actor=request.user, event=event, item=item)
    if outcome.ok:
        messages.success(request, _("The news item is removed from the event's coverage."))
    return _back(event, "coverage")


@require_GET
def report_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The event report as PDF (DOCX converted by LibreOffice; ``?format=docx`` gives the DOCX)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from pressdesk.approvals.registry import content_hash
    from pressdesk.documents.rendering.pdf import PdfUnavailable
    from pressdesk.events import report

    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    content = report.report_content(request.user, event)
    name = f"etkinlik-raporu-{event.pk}"
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            report.render_docx(content),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    cached = f"events/report-pdf/{content_hash(content)}.pdf"
    if default_storage.exists(cached):
        with default_storage.open(cached, "rb") as handle:
            data = handle.read()
    else:
        try:
            data = report.render_pdf(content)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return _back(event, "afterwards")
        default_storage.save(cached, ContentFile(data))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_not_required
@rate_limited("event-rsvp")
@require_GET
def press_kit(request: HttpRequest, key: str) -> HttpResponse:
    """The public press kit page e-mailed to the press: the statement and the chosen photos."""
    event = afterwards.open_press_kit(key)
    photos = [p for p in queries.photos_of(event) if p.in_press_kit and afterwards.publishable(p)]
    return render(request, "events/press_kit.html", {"event": event, "photos": photos, "key": key})


@login_not_required
@rate_limited("event-rsvp")
@require_GET
def press_kit_photo(request: HttpRequest, key: str, photo: int) -> HttpResponse:
    event = afterwards.open_press_kit(key)
    item = event.photos.select_related("asset").filter(pk=photo, in_press_kit=True).first()
    if item is None or not afterwards.publishable(item):
        raise Http404
    response = HttpResponse(afterwards.press_kit_image(item), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{event.pk}-{item.pk}.jpeg"'
    return response


# --- press conference agenda (3.9.2, 3.9.3) ----------------------------------------------------


@require_POST
def agenda_item_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        with action_errors(request, each=True):
            agendas.add_item(actor=request.user, event=event, **form.cleaned_data)
    else:
        messages.error(request, _("Check the agenda item fields."))
    return _back(event, "agenda")


@require_POST
def agenda_item_move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Move an agenda item one place up or down (``direction``: ``up`` or ``down``)."""
    item = agendas.get_item_for_user(request.user, pk)
    event = item.agenda.event
    _manage(request, event)
    with action_errors(request, each=True):
        agendas.move_item(actor=request.user, item=item, up=request.POST.get("direction") == "up")
    return _back(event, "agenda")


@require_POST
def agenda_item_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = agendas.get_item_for_user(request.user, pk)
    event = item.agenda.event
    _manage(request, event)
    with action_errors(request, each=True):
        agendas.remove_item(actor=request.user, item=item)
    return _back(event, "agenda")


@require_POST
def agenda_document_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    form = AgendaDocumentForm(request.POST, request.FILES, prefix="agendadoc")
    if form.is_valid():
        with action_errors(request, each=True) as outcome:
            agendas.add_document(actor=request.user, event=event, upload=form.cleaned_data["upload"])
        if outcome.ok:
            messages.success(request, _("The document is attached to the agenda."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return _back(event, "agenda")


@require_POST
def agenda_document_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    document = agendas.get_document_for_user(request.user, pk)
    event = document.agenda.event
    _manage(request, event)
    with action_errors(request, each=True):
        agendas.remove_document(actor=request.user, document=document)
    return _back(event, "agenda")


@require_GET
def agenda_document(request: AuthedHttpRequest, pk: int) -> FileResponse:
    document = agendas.get_document_for_user(request.user, pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@require_POST
def agenda_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk)
    _manage(request, event)
    with action_errors(request, each=True) as outcome:
        agendas.submit(actor=request.user, event=event)
    if outcome.ok:
        messages.success(request, _("The agenda is sent for approval."))
    return _back(event, "agenda")


@require_GET
def agenda_print(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The printable agenda of the press conference or interview."""
    event = queries.get_event_for_user(request.user, pk)
    if event.kind not in agendas.AGENDA_KINDS:
        raise Http404
    context = {"event": event, **_agenda_context(event)}
    return render(request, "events/agenda_print.html", context)
