"""Screens of TV/radio requests: list, detail with its timeline, forms, decisions, statistics."""

from __future__ import annotations

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals import queries as approval_queries
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.broadcast import actions, queries
from pressdesk.broadcast import public as public_requests
from pressdesk.broadcast.forms import (
    AiredForm,
    BriefingForm,
    CommentForm,
    DecisionForm,
    FilterForm,
    PublicRequestForm,
    RecordingForm,
    RequestForm,
)
from pressdesk.broadcast.models import BroadcastRequest, PublicRequest
from pressdesk.lib.clientip import client_ip
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.views import action_errors
from pressdesk.organizations.queries import province_of

PER_PAGE = 25


@require_GET
def request_list(request: AuthedHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)
    page = Paginator(queries.request_list(request.user, form.filters()), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(item, queries.display_status(item, item.flow_status)) for item in page.object_list]  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "query_string": query.urlencode(),
        "can_enter": actions.can_enter(request.user),
        "can_apply": actions.can_apply(request.user),
        "is_worker": actions.is_worker(request.user),
        "public_pending": list(public_requests.pending_for(request.user)[:20]),
    }
    return render(request, "broadcast/list.html", context)


def _from_public(public: PublicRequest) -> dict[str, object]:
    """The create form's initial values from a request confirmed through the public form."""
    outlet = queries.outlet_named(public.outlet_name)
    return {
        "outlet": outlet.pk if outlet else None,
        "new_outlet": "" if outlet else public.outlet_name,
        "programme": public.programme,
        "kind": public.kind,
        "topic": public.topic,
        "questions": public.questions,
        "starts_at": public.starts_at,
        "duration_minutes": public.duration_minutes,
        "place": public.place,
        "requester_name": public.requester_name,
        "requester_phone": public.requester_phone,
        "requester_email": public.requester_email,
    }


def _form_page(request: AuthedHttpRequest, *, application: bool) -> HttpResponse:
    source = request.GET.get("from", "")
    public = public_requests.get_pending_for_user(request.user, int(source)) if source.isdigit() else None
    initial = _from_public(public) if public is not None else None
    form = RequestForm(request.POST or None, user=request.user, application=application, initial=initial)
    if request.method == "POST" and form.is_valid():
        origin = BroadcastRequest.Origin.APPLICATION if application else BroadcastRequest.Origin.CHANNEL
        with action_errors(request, form=form) as outcome:
            created = actions.create_request(actor=request.user, origin=origin, **form.action_fields())
            if public is not None:
                public_requests.link_to_request(actor=request.user, public=public, request=created)
        if outcome.ok:
            messages.success(request, _("The request was recorded."))
            return redirect(created)
    return render(request, "broadcast/form.html", {"form": form, "application": application, "public": public})


@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    if not actions.can_enter(request.user):
        raise PermissionDenied
    return _form_page(request, application=False)


@require_http_methods(["GET", "POST"])
def apply(request: AuthedHttpRequest) -> HttpResponse:
    if not actions.can_apply(request.user):
        raise PermissionDenied
    return _form_page(request, application=True)


@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not actions.can_edit(request.user, item):
        raise PermissionDenied
    application = item.origin == BroadcastRequest.Origin.APPLICATION and not actions.can_work_on(request.user, item)
    form = RequestForm(request.POST or None, instance=item, user=request.user, application=application)
    if request.method == "POST" and form.is_valid():
        fresh = queries.fresh_copy(item)
        with action_errors(request, form=form) as outcome:
            actions.update_request(actor=request.user, request=fresh, **form.action_fields())
        if outcome.ok:
            messages.success(request, _("The request was saved."))
            return redirect(item)
    return render(request, "broadcast/form.html", {"form": form, "application": application, "item": item})


@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    flow = actions.flow_of(item)
    user = request.user
    works = actions.can_work_on(user, item)
    step = flow.current_step() if flow is not None else None
    may_decide = bool(
        item.status == BroadcastRequest.Status.IN_APPROVAL
        and step is not None
        and flow is not None
        and approval_actions.acting_capacity(user, flow, step)
    )
    context = {
        "item": item,
        "status_label": queries.display_status(item, flow.status if flow else None),
        "flow": flow,
        "steps": approval_queries.steps_of(flow) if flow else [],
        "step": step,
        "events": queries.events_of(item),
        "other_guests": list(item.other_guests.all()),
        "works": works,
        "can_edit": actions.can_edit(user, item),
        "can_withdraw": item.status not in BroadcastRequest.CLOSED and (works or user.pk == item.created_by_id),
        "decision_form": DecisionForm(user=user, initial={"seen_hash": flow.content_hash})
        if may_decide and flow
        else None,
        "permit_problem": actions.permit_problem(item, flow),
        "show_briefing": works or user.pk == item.guest_id,
        "briefing": actions.briefing_for(item) if works or user.pk == item.guest_id else "",
        "aired_form": AiredForm() if works and item.status == BroadcastRequest.Status.PERMIT_SENT else None,
        "recording_form": RecordingForm() if works and item.status == BroadcastRequest.Status.AIRED else None,
        "comment_form": CommentForm(),
        "flow_approved": flow is not None and flow.status == ApprovalFlow.Status.APPROVED,
    }
    return render(request, "broadcast/detail.html", context)


def _worker_item(request: AuthedHttpRequest, pk: int) -> BroadcastRequest:
    item = queries.get_request_for_user(request.user, pk)
    if not actions.can_work_on(request.user, item):
        raise PermissionDenied
    return item


@require_POST
def check(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _worker_item(request, pk)
    with action_errors(request) as outcome:
        actions.check_request(actor=request.user, request=item, comment=request.POST.get("comment", "")[:2000])
    if outcome.ok:
        messages.success(request, _("Marked as checked."))
    return redirect(item)


@require_POST
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _worker_item(request, pk)
    with action_errors(request) as outcome:
        actions.submit_request(actor=request.user, request=item)
    if outcome.ok:
        messages.success(request, _("Put to the guest's chain of command."))
    return redirect(item)


@require_POST
def decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    form = DecisionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(item)
    with action_errors(request) as outcome:
        actions.decide(
            actor=request.user,
            request=item,
            decision=form.cleaned_data["decision"],
            seen_hash=form.cleaned_data["seen_hash"],
            comment=form.cleaned_data["comment"],
            proposed_guest=form.cleaned_data["proposed_guest"],
            ip_address=client_ip(request),
        )
    if outcome.ok:
        messages.success(request, _("Your decision was recorded."))
    return redirect(item)


@require_POST
def withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.get_request_for_user(request.user, pk)
    if not (actions.can_work_on(request.user, item) or request.user.pk == item.created_by_id):
        raise PermissionDenied
    with action_errors(request) as outcome:
        actions.withdraw(actor=request.user, request=item, comment=request.POST.get("comment", "")[:2000])
    if outcome.ok:
        messages.success(request, _("The request was withdrawn."))
    return redirect(item)


@require_POST
def letter(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _worker_item(request, pk)
    with action_errors(request) as outcome:
        drafted = actions.draft_permit_letter(actor=request.user, request=item)
    if outcome.ok:
        messages.success(request, _("The permit letter was drafted; check it and submit it for signature."))
        return redirect(drafted)
    return redirect(item)


@require_POST
def permit_sent(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _worker_item(request, pk)
    with action_errors(request) as outcome:
        actions.mark_permit_sent(actor=request.user, request=item)
    if outcome.ok:
        messages.success(request, _("Recorded that the permit letter was sent."))
    return redirect(item)


@require_POST
def announce(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _worker_item(request, pk)
    with action_errors(request) as outcome:
        story = actions.announce(actor=request.user, request=item)
    if outcome.ok:
        messages.success(request, _("The announcement draft is ready in publishing."))
        return redirect("publishing:detail", story.pk)
    return redirect(item)


@require_http_methods(["GET", "POST"])
def aired(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _worker_item(request, pk)
    form = AiredForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.record_aired(actor=request.user, request=item, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Recorded that the programme aired."))
            return redirect(item)
    return render(request, "broadcast/aired.html", {"form": form, "item": item})


@require_http_methods(["GET", "POST"])
def recording(request: AuthedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    """GET: the recording (to whoever sees the request); POST: the unit adds or replaces it."""
    if request.method == "GET":
        item = queries.get_request_for_user(request.user, pk)
        if not item.recording:
            return redirect(item)
        name = item.recording_name or item.recording.name.rsplit("/", 1)[-1]
        return FileResponse(item.recording.open("rb"), as_attachment=True, filename=name)
    item = _worker_item(request, pk)
    form = RecordingForm(request.POST, request.FILES)
    if form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.upload_recording(actor=request.user, request=item, recording=form.cleaned_data["recording"])
        if outcome.ok:
            messages.success(request, _("The recording was saved."))
    else:
        for error in form.errors.get("recording", []):
            messages.error(request, str(error))
    return redirect(item)


@require_GET
def calendar(request: AuthedHttpRequest) -> HttpResponse:
    """A month of requests and appearances, as a grid or as a list (``?view=list``), with the list's filters."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-", 1))
        datetime.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    year = min(max(year, 2000), 2100)
    form = FilterForm(request.GET or None, user=request.user)
    items = queries.calendar_month(request.user, year, month, form.filters())
    by_day: dict[datetime.date, list[BroadcastRequest]] = {}
    for item in items:
        by_day.setdefault(timezone.localtime(item.starts_at).date(), []).append(item)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    query = request.GET.copy()
    for key in ("month", "view"):
        query.pop(key, None)
    context = {
        "form": form,
        "month": first,
        "weeks": weeks,
        "days": sorted(by_day.items()),
        "today": today,
        "as_list": request.GET.get("view") == "list",
        "previous": f"{previous.year}-{previous.month:02d}",
        "following": f"{following.year}-{following.month:02d}",
        "current": f"{year}-{month:02d}",
        "query_string": query.urlencode(),
    }
    return render(request, "broadcast/calendar.html", context)


@require_http_methods(["GET", "POST"])
def briefing(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.is_unit_member:
        raise PermissionDenied
    province = province_of(request.user.organization)
    current = queries.briefing_template_of(province)
    form = BriefingForm(request.POST or None, initial={"text": current.text if current else actions.DEFAULT_BRIEFING})
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.save_briefing(actor=request.user, text=form.cleaned_data["text"])
        if outcome.ok:
            messages.success(request, _("The briefing pack was saved."))
            return redirect("broadcast:list")
    return render(request, "broadcast/briefing.html", {"form": form})


@require_GET
def statistics(request: AuthedHttpRequest) -> HttpResponse:
    if not (actions.is_worker(request.user) or request.user.role == "affiliate_press"):
        raise PermissionDenied
    return render(request, "broadcast/statistics.html", {"stats": queries.statistics(request.user)})


@login_not_required
@rate_limited("broadcast-public")
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    """The public request form: nothing is shown back but its own confirmation."""
    provinces = list(public_requests.provinces()[:2])
    initial = {"province": provinces[0]} if len(provinces) == 1 else None  # one province: nothing to choose
    form = PublicRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            public_requests.submit_public_request(**form.cleaned_data)
        if outcome.ok:
            return render(request, "broadcast/public_sent.html", {"email": form.cleaned_data["requester_email"]})
    return render(request, "broadcast/public_form.html", {"form": form})


@login_not_required
@rate_limited("approval-link")
@require_GET
def public_confirm(request: HttpRequest, token: str) -> HttpResponse:
    public_requests.confirm_public_request(token=token)
    return render(request, "broadcast/public_confirmed.html")
