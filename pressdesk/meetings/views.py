"""Screens of the director's office: meetings, agenda requests, minutes, decisions, VTC rooms,
the director's agenda and the iCal feed. Thin: a form validates, an action runs."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.approvals.registry import content_hash
from pressdesk.lib import agenda
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.views import action_errors, form_errors_as_messages
from pressdesk.meetings import actions, queries, rendering, statistics
from pressdesk.meetings.forms import (
    AgendaRequestForm,
    ChecklistItemForm,
    ConnectionTestForm,
    CorrectionForm,
    DecideRequestForm,
    DecisionForm,
    FilterForm,
    MeetingForm,
    MinutesForm,
    ProgressForm,
    ResolveForm,
    RoomForm,
    StatisticsPeriodForm,
    unit_people_for,
)
from pressdesk.meetings.models import AgendaRequest, Decision, Meeting, Minutes

PER_PAGE = 25
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _secretariat(request: AuthedHttpRequest) -> None:
    if not queries.is_secretariat(request.user):
        raise PermissionDenied


def _manage(request: AuthedHttpRequest, meeting: Meeting) -> None:
    if not queries.can_manage(request.user, meeting):
        raise PermissionDenied


def _query_string(request: AuthedHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- meetings --------------------------------------------------------------------------------


@require_GET
def meeting_list(request: AuthedHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    text = when = ""
    if form.is_valid():
        text, when = form.cleaned_data["q"].strip(), form.cleaned_data["when"]
    page = Paginator(queries.meeting_list(request.user, text, when), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "meetings": page.object_list,
        "query_string": _query_string(request),
        "secretariat": queries.is_secretariat(request.user),
    }
    return render(request, "meetings/list.html", context)


def _meeting_kwargs(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedHttpRequest) -> HttpResponse:
    _secretariat(request)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            meeting = actions.create_meeting(actor=request.user, **_meeting_kwargs(form.cleaned_data))
        if outcome.ok:
            messages.success(request, _("The meeting is planned."))
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    participants = queries.participants_of(meeting)
    initial = {
        "title": meeting.title,
        "kind": meeting.kind,
        "start": timezone.localtime(meeting.start),
        "end": timezone.localtime(meeting.end),
        "place": meeting.place,
        "room": meeting.room_id,
        "connection": meeting.connection,
        "closed": meeting.closed,
        "agenda_deadline": timezone.localtime(meeting.agenda_deadline) if meeting.agenda_deadline else None,
        "users": [p.user_id for p in participants if p.user_id],
        "institutions": [p.institution_id for p in participants if p.institution_id],
        "outside": "\n".join(p.name for p in participants if p.name),
    }
    form = MeetingForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.update_meeting(actor=request.user, meeting=meeting, **_meeting_kwargs(form.cleaned_data))
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


@require_POST
def meeting_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    with action_errors(request) as outcome:
        actions.cancel_meeting(actor=request.user, meeting=meeting)
    if outcome.ok:
        messages.success(request, _("The meeting is cancelled."))
    return redirect(meeting)


def _conflicts(meeting: Meeting, viewer: object) -> list[agenda.AgendaEntry]:
    """The chair's other agenda entries that overlap the meeting."""
    if meeting.chair is None:
        return []
    entries = agenda.entries_for(meeting.chair, viewer=viewer, start=meeting.start, end=meeting.end)
    own = f"meeting-{meeting.pk}@pressdesk"
    mine = next((e for e in entries if e.uid == own), None)
    if mine is None:
        return []
    return [b if a is mine else a for a, b in agenda.overlapping(entries) if mine in (a, b)]


@require_GET
def meeting_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    manage = queries.can_manage(request.user, meeting)
    requests = queries.requests_of(meeting)
    on_agenda = sorted(
        (r for r in requests if r.status == AgendaRequest.Status.ACCEPTED), key=lambda r: (r.position, r.pk)
    )
    context = {
        "meeting": meeting,
        "manage": manage,
        "participants": queries.participants_of(meeting),
        "agenda": on_agenda,
        "requests": requests,
        "pending": [r for r in requests if r.status == AgendaRequest.Status.PENDING],
        "decide_form": DecideRequestForm(meeting=meeting) if manage else None,
        "decisions": queries.decisions_of(meeting),
        "carried": queries.carried_decisions(meeting),
        "minutes": queries.latest_minutes(meeting),
        "letters": queries.letters_of(meeting),
        "conflicts": _conflicts(meeting, request.user),
        "room_bookings": queries.room_bookings(meeting, request.user),
        "deadline_passed": bool(meeting.agenda_deadline and meeting.agenda_deadline < timezone.now()),
        "checklist": queries.checklist_of(meeting) if manage else [],
        "unit_people": list(unit_people_for(request.user)) if manage else [],
        "may_approve_agenda": request.user.pk == meeting.chair_id and not meeting.agenda_approved_at and on_agenda,
    }
    return render(request, "meetings/detail.html", context)


@require_POST
def agenda_approve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    if request.user.pk != meeting.chair_id:
        raise PermissionDenied
    with action_errors(request) as outcome:
        actions.approve_agenda(actor=request.user, meeting=meeting)
    if outcome.ok:
        messages.success(request, _("The agenda is approved and sent to the participants."))
    return redirect(meeting)


@require_GET
def meeting_ics(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The meeting as an iCal invitation (one event) for a participant's own calendar."""
    meeting = queries.get_meeting_for_user(request.user, pk)
    entry = agenda.AgendaEntry(
        kind="vtc" if meeting.kind == "vtc" else "meeting",
        kind_label=str(meeting.get_kind_display()),
        title=meeting.title,
        start=meeting.start,
        end=meeting.end,
        url=meeting.get_absolute_url(),
        location=meeting.where,
        description=meeting.connection,
        uid=f"meeting-{meeting.pk}@pressdesk",
    )
    body = agenda.to_ical([entry], name=meeting.title, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toplanti-{meeting.pk}.ics"'
    return response


@require_POST
def checklist_item(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_checklist_item_for_user(request.user, pk)
    _manage(request, item.meeting)
    form = ChecklistItemForm(request.POST, user=request.user)
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.update_checklist_item(actor=request.user, item=item, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Saved."))
    else:
        form_errors_as_messages(request, form)
    return redirect(item.meeting)


# --- agenda requests -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    form = AgendaRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.request_agenda(actor=request.user, meeting=meeting, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Your agenda request was sent to the secretariat."))
            return redirect(meeting)
    return render(request, "meetings/request_form.html", {"form": form, "meeting": meeting})


@require_POST
def request_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    _manage(request, item.meeting)
    form = DecideRequestForm(request.POST, meeting=item.meeting)
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.decide_request(actor=request.user, item=item, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The request is decided."))
    else:
        form_errors_as_messages(request, form)
    return redirect(item.meeting)


@require_POST
def request_move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    _manage(request, item.meeting)
    with action_errors(request):
        actions.move_item(actor=request.user, item=item, up=request.POST.get("direction") != "down")
    return redirect(item.meeting)


@require_GET
def request_attachment(request: AuthedHttpRequest, pk: int) -> FileResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not item.attachment:
        raise Http404
    return FileResponse(
        item.attachment.open("rb"), as_attachment=True, filename=item.attachment.name.rsplit("/", 1)[-1]
    )


# --- minutes and decisions -------------------------------------------------------------------


def _minutes_context(request: AuthedHttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    minutes = queries.latest_minutes(meeting)
    flow = actions.minutes_flow(minutes)
    participants = queries.participants_of(meeting)
    agenda_items = queries.agenda_of(meeting)
    initial = {
        "notes": minutes.notes if minutes else "",
        "attended": [str(p.pk) for p in participants if p.attended],
        **{f"item_{item.pk}": item.note for item in agenda_items},
    }
    context: dict[str, Any] = {
        "meeting": meeting,
        "minutes": minutes,
        "flow": flow,
        "versions": queries.minutes_versions(meeting),
        "editable": flow is None or flow.is_editable,
        "signed": flow is not None and flow.status == flow.Status.APPROVED,
        "participants": participants,
        "decisions": queries.decisions_of(meeting),
        "form": MinutesForm(initial=initial, participants=participants, agenda=agenda_items),
        "decision_form": DecisionForm(user=request.user),
        "correction_form": CorrectionForm(),
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def minutes_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    if request.method == "POST":
        participants = queries.participants_of(meeting)
        form = MinutesForm(request.POST, participants=participants, agenda=queries.agenda_of(meeting))
        if form.is_valid():
            with action_errors(request, form=form) as outcome:
                actions.save_minutes(
                    actor=request.user,
                    meeting=meeting,
                    notes=form.cleaned_data["notes"],
                    attended=[int(pk) for pk in form.cleaned_data["attended"]],
                    item_notes=form.item_notes(),
                )
            if outcome.ok:
                messages.success(request, _("The minutes are saved."))
                return redirect("meetings:minutes", pk=meeting.pk)
        return render(request, "meetings/minutes.html", _minutes_context(request, meeting, form=form))
    return render(request, "meetings/minutes.html", _minutes_context(request, meeting))


@require_POST
def decision_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    form = DecisionForm(request.POST, user=request.user)
    if form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.add_decision(actor=request.user, meeting=meeting, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The decision is recorded."))
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(request, "meetings/minutes.html", _minutes_context(request, meeting, decision_form=form))


@require_POST
def minutes_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    with action_errors(request) as outcome:
        actions.submit_minutes(actor=request.user, meeting=meeting)
    if outcome.ok:
        messages.success(request, _("The minutes went to signature."))
    return redirect("meetings:minutes", pk=meeting.pk)


@require_POST
def minutes_correct(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.correct_minutes(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        if outcome.ok:
            messages.success(request, _("A new version of the minutes is open for the correction."))
    else:
        form_errors_as_messages(request, form)
    return redirect("meetings:minutes", pk=meeting.pk)


def _get_minutes(request: AuthedHttpRequest, pk: int) -> Minutes:
    try:
        return queries.minutes_visible_to(request.user).select_related("meeting").get(pk=pk)
    except Minutes.DoesNotExist as exc:
        raise Http404 from exc


def _frozen_content(minutes: Minutes) -> dict:
    """A signed version renders as it was signed; a draft renders from the live data."""
    from pressdesk.approvals.queries import versions_of

    flow = actions.minutes_flow(minutes)
    if flow is not None and not flow.is_editable:
        versions = versions_of(flow)
        if versions:
            return dict(versions[0].content)
    return rendering.minutes_content(minutes)


def _file_name(minutes: Minutes, extension: str) -> str:
    start = timezone.localtime(minutes.meeting.start)
    return f"tutanak-{start:%Y-%m-%d}-v{minutes.version}.{extension}"


@require_GET
def minutes_docx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    minutes = _get_minutes(request, pk)
    response = HttpResponse(rendering.render_docx(_frozen_content(minutes)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(minutes, "docx")}"'
    return response


@require_GET
def minutes_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from pressdesk.documents.rendering.pdf import PdfUnavailable

    minutes = _get_minutes(request, pk)
    content = _frozen_content(minutes)
    name = f"meetings/minutes-pdf/{content_hash(content)}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            data = cached.read()
    else:
        try:
            data = rendering.render_pdf(content)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect("meetings:minutes", pk=minutes.meeting_id)
        default_storage.save(name, ContentFile(data))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(minutes, "pdf")}"'
    return response


# --- letters ---------------------------------------------------------------------------------


@require_POST
def letter_notice(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    with action_errors(request) as outcome:
        letter = actions.draft_notice_letter(actor=request.user, meeting=meeting)
    if outcome.ok:
        messages.success(
            request,
            _(
                "The notification letter is drafted; check it and submit it for approval."
                " The participants are invited once it is approved."
            ),
        )
        return redirect(letter)
    return redirect(meeting)


@require_POST
def letter_decisions(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for_user(request.user, pk)
    _manage(request, meeting)
    with action_errors(request) as outcome:
        letters = actions.draft_decision_letters(actor=request.user, meeting=meeting)
    if outcome.ok:
        messages.success(
            request, _("%(count)d decision letters are drafted; submit each for approval.") % {"count": len(letters)}
        )
    return redirect(meeting)


# --- decisions -------------------------------------------------------------------------------


@require_GET
def decision_list(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Decision.Status.values else ""
    overdue = request.GET.get("overdue") == "1"
    page = Paginator(queries.decision_list(request.user, status, overdue), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "decisions": page.object_list,
        "status": status,
        "overdue": overdue,
        "statuses": Decision.Status.choices,
        "query_string": _query_string(request),
    }
    return render(request, "meetings/decision_list.html", context)


@require_GET
def decision_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = queries.get_decision_for_user(request.user, pk)
    can_report = queries.can_report(request.user, decision)
    context = {
        "decision": decision,
        "meeting_visible": queries.may_read_meeting(request.user, decision.meeting_id),
        "form": ProgressForm() if can_report else None,
    }
    return render(request, "meetings/decision_detail.html", context)


@require_POST
def decision_progress(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = queries.get_decision_for_user(request.user, pk)
    if not queries.can_report(request.user, decision):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.report_progress(actor=request.user, decision=decision, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Your report is recorded; the secretariat was told."))
            return redirect(decision)
    context = {"decision": decision, "meeting_visible": True, "form": form}
    return render(request, "meetings/decision_detail.html", context)


# --- the director's agenda -------------------------------------------------------------------


@require_GET
def director_agenda(request: AuthedHttpRequest) -> HttpResponse:
    _secretariat(request)
    director = queries.director_of(request.user)
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    week_start = day - datetime.timedelta(days=day.weekday())
    start, _end = agenda.day_bounds(week_start)
    end = start + datetime.timedelta(days=7)
    entries = agenda.entries_for(director, viewer=request.user, start=start, end=end) if director else []
    days = []
    for offset in range(7):
        date = week_start + datetime.timedelta(days=offset)
        days.append(
            {
                "date": date,
                "today": date == today,
                "entries": [e for e in entries if timezone.localtime(e.start).date() == date],
            }
        )
    waiting = queries.signatures_waiting_for(director, viewer=request.user) if director is not None else []
    context = {
        "director": director,
        "day": day,
        "days": days,
        "today_entries": [e for e in entries if timezone.localtime(e.start).date() == day],
        "conflicts": agenda.overlapping(entries),
        "waiting": waiting,
        "previous": week_start - datetime.timedelta(days=7),
        "next": week_start + datetime.timedelta(days=7),
    }
    return render(request, "meetings/agenda.html", context)


@require_GET
def ical(request: AuthedHttpRequest) -> HttpResponse:
    """The signed-in user's own agenda as an iCal file (the next 90 days and the last 30)."""
    response = _agenda_ical(request, request.user)
    digest = hashlib.sha256(str(request.user.pk).encode()).hexdigest()[:8]
    response["Content-Disposition"] = f'attachment; filename="ajanda-{digest}.ics"'
    return response


def _agenda_ical(request: HttpRequest, user: Any) -> HttpResponse:
    now = timezone.now()
    entries = agenda.entries_for(
        user, viewer=user, start=now - datetime.timedelta(days=30), end=now + datetime.timedelta(days=90)
    )
    body = agenda.to_ical(entries, name=_("Agenda"), base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthedHttpRequest) -> HttpResponse:
    """The user's subscribable feed address: made (or renewed) here, shown once."""
    address = ""
    if request.method == "POST":
        with action_errors(request) as outcome:
            token = actions.renew_feed_token(actor=request.user)
        if outcome.ok:
            address = request.build_absolute_uri(reverse("meetings:feed", args=[token]))
    context = {"address": address, "has_feed": queries.has_feed(request.user)}
    return render(request, "meetings/feed.html", context)


@login_not_required
@never_cache
@rate_limited("calendar-feed")
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar application reads the user's agenda through the secret address (no session)."""
    user = queries.feed_user(token)
    if user is None:
        raise Http404
    return _agenda_ical(request, user)


# --- VTC -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def room_list(request: AuthedHttpRequest) -> HttpResponse:
    if not (queries.is_secretariat(request.user) or request.user.is_admin):
        raise PermissionDenied
    form = RoomForm(request.POST or None) if queries.is_secretariat(request.user) else None
    if request.method == "POST":
        _secretariat(request)
        if form is not None and form.is_valid():
            with action_errors(request, form=form) as outcome:
                room = actions.save_room(actor=request.user, **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("The room is saved."))
                return redirect(room)
    return render(request, "meetings/rooms.html", {"rooms": queries.room_list(request.user), "form": form})


@require_GET
def room_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    room = queries.get_room_for_user(request.user, pk)
    secretariat = queries.is_secretariat(request.user)
    context = {
        "room": room,
        "tests": queries.tests_of(room),
        "faults": queries.faults_of(room),
        "form": ConnectionTestForm() if secretariat else None,
        "resolve_form": ResolveForm() if secretariat else None,
        "sessions": queries.upcoming_sessions_in(room, user=request.user),
    }
    return render(request, "meetings/room.html", context)


@require_POST
def room_test(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    room = queries.get_room_for_user(request.user, pk)
    _secretariat(request)
    form = ConnectionTestForm(request.POST)
    if form.is_valid():
        with action_errors(request, form=form) as outcome:
            test = actions.record_test(actor=request.user, room=room, **form.cleaned_data)
        if outcome.ok:
            if hasattr(test, "fault"):
                messages.warning(request, _("The test failed: a fault is open for the room."))
            else:
                messages.success(request, _("The test is recorded."))
            return redirect(room)
    context = {
        "room": room,
        "tests": queries.tests_of(room),
        "faults": queries.faults_of(room),
        "form": form,
        "resolve_form": ResolveForm(),
        "sessions": [],
    }
    return render(request, "meetings/room.html", context)


@require_POST
def fault_resolve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    fault = queries.get_fault_for_user(request.user, pk)
    _secretariat(request)
    form = ResolveForm(request.POST)
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.resolve_fault(actor=request.user, fault=fault, resolution=form.cleaned_data["resolution"])
        if outcome.ok:
            messages.success(request, _("The fault is resolved."))
    else:
        form_errors_as_messages(request, form)
    return redirect(reverse("meetings:room", args=[fault.room_id]))


# --- the unit's activity statistics ------------------------------------------------------------


def _statistics_period(request: AuthedHttpRequest) -> tuple[StatisticsPeriodForm, datetime.date, datetime.date]:
    form = StatisticsPeriodForm(request.GET or None)
    year, part = timezone.localdate().year, "year"
    if form.is_valid():
        year, part = form.cleaned_data["year"], form.cleaned_data["part"] or "year"
    start, end = statistics.period_bounds(year, part)
    return form, start, end


@require_GET
def activity_statistics(request: AuthedHttpRequest) -> HttpResponse:
    """The unit's activity by process for a period, as charts (issue 26, point 9)."""
    _secretariat(request)
    form, start, end = _statistics_period(request)
    province = queries.province_for(request.user)
    rows = statistics.collect(province, start, end)
    context = {
        "form": form,
        "rows": rows,
        "durations": statistics.collect_durations(province, start, end),
        "start": start,
        "last": end - datetime.timedelta(days=1),
        "chart_width": statistics.CHART_WIDTH,
        "chart_height": statistics.CHART_HEIGHT,
        "axis_y": statistics.CHART_HEIGHT - 6,
        "query_string": request.GET.urlencode(),
    }
    return render(request, "meetings/statistics.html", context)


@require_GET
def activity_report_docx(request: AuthedHttpRequest) -> HttpResponse:
    """The annual activity report's section (faaliyet raporu) as DOCX, for the unit to edit."""
    _secretariat(request)
    _form, start, end = _statistics_period(request)
    province = queries.province_for(request.user)
    assert province is not None
    rows = statistics.collect(province, start, end)
    durations = statistics.collect_durations(province, start, end)
    data = statistics.render_report_docx(province.name, start, end, rows, durations)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="faaliyet-raporu-{start:%Y-%m}.docx"'
    return response
