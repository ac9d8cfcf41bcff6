"""Screens of the approval chain: read the exact version, initial/sign or return, external approvals."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pressdesk.approvals import actions, queries
from pressdesk.approvals.forms import (
    DecisionForm,
    DeputyForm,
    ExternalAnswerForm,
    ExternalLinkForm,
    ExternalRequestForm,
)
from pressdesk.approvals.models import ApprovalFlow, ApprovalStep, ExternalApproval
from pressdesk.approvals.queries import get_flow_for_user
from pressdesk.approvals.registry import spec_for
from pressdesk.lib.clientip import client_ip
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.views import action_errors, form_errors_as_messages


def _client_ip(request: HttpRequest) -> str | None:
    return client_ip(request) or None


def flow_list(request: AuthedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "waiting")
    if show not in ("mine", "all"):
        show = "waiting"
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    flows = queries.flow_list_for(
        request.user, show=show, status=status if status in ApprovalFlow.Status.values else "", text=query
    )
    page = Paginator(flows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "approvals/flow_list.html",
        {
            "page_obj": page,
            "flows": page.object_list,
            "show": show,
            "status": status,
            "q": query,
            "statuses": ApprovalFlow.Status.choices,
            "query_string": f"show={show}&status={status}&q={query}",
        },
    )


def flow_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    flow = get_flow_for_user(request.user, pk)
    versions = queries.versions_of(flow)
    wanted = request.GET.get("version")
    version = next((v for v in versions if str(v.number) == wanted), versions[0] if versions else None)
    current = flow.current_step()
    capacity = actions.acting_capacity(request.user, flow, current) if current else ""
    target = flow.target
    spec = spec_for(type(target)) if target is not None else None
    steps = queries.steps_of(flow)
    return render(
        request,
        "approvals/flow_detail.html",
        {
            "flow": flow,
            "target": target,
            "preview_template": spec.preview_template if spec else None,
            "version": version,
            "versions": versions,
            "is_latest": version is not None and version.number == flow.version,
            "steps": steps,
            "current": current,
            "capacity": capacity,
            "decision_form": DecisionForm(initial={"seen_hash": flow.content_hash, "step": current.pk})
            if capacity and current
            else None,
            "externals": queries.externals_of(flow),
            "external_form": ExternalRequestForm()
            if flow.status == ApprovalFlow.Status.EXTERNAL and (request.user.is_unit_member or request.user.is_admin)
            else None,
            "answer_form": ExternalAnswerForm(initial={"answered_at": timezone.localdate()}),
            "decisions": queries.decisions_of(flow),
            "can_record": request.user.is_unit_member or request.user.is_admin,
        },
    )


@require_POST
def decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    flow = get_flow_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision could not be read; please try again."))
        return redirect("approvals:detail", pk=flow.pk)
    approve = request.POST.get("decision") == "approve"
    with action_errors(request) as outcome:
        result = actions.decide(
            actor=request.user,
            flow_id=flow.pk,
            approve=approve,
            seen_hash=form.cleaned_data["seen_hash"],
            comment=form.cleaned_data["comment"],
            ip_address=_client_ip(request),
            step_id=form.cleaned_data["step"],
        )
    if outcome.failed:
        return redirect("approvals:detail", pk=flow.pk)
    if result.action == "returned":
        messages.success(request, _("The document was returned to its author with your comment."))
    elif result.action == "signed":
        messages.success(request, _("You signed the document."))
    else:
        messages.success(request, _("You initialled the document."))
    return redirect("approvals:detail", pk=flow.pk)


@require_POST
def withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    flow = get_flow_for_user(request.user, pk)
    with action_errors(request):
        actions.withdraw(actor=request.user, flow=flow)
        messages.success(request, _("The document was withdrawn; you can edit it and submit it again."))
    return redirect("approvals:detail", pk=flow.pk)


@require_POST
def send_external(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    flow = get_flow_for_user(request.user, pk)
    form = ExternalRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one external unit."))
        return redirect("approvals:detail", pk=flow.pk)
    targets = [actions.ExternalTarget(org, org.email) for org in form.cleaned_data["units"]]
    with action_errors(request):
        actions.send_external(actor=request.user, flow=flow, targets=targets)
        messages.success(request, _("The approval requests were sent by e-mail."))
    return redirect("approvals:detail", pk=flow.pk)


def _external_of(request: AuthedHttpRequest, pk: int, external_pk: int) -> tuple[ApprovalFlow, ExternalApproval]:
    flow = get_flow_for_user(request.user, pk)
    return flow, queries.get_external_of(flow, external_pk)


@require_POST
def record_external(request: AuthedHttpRequest, pk: int, external_pk: int) -> HttpResponse:
    flow, external = _external_of(request, pk, external_pk)
    form = ExternalAnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("approvals:detail", pk=flow.pk)
    answered = form.cleaned_data["answered_at"]
    with action_errors(request):
        actions.record_external_answer(
            actor=request.user,
            external=external,
            approve=form.cleaned_data["decision"] == "approve",
            answered_at=timezone.make_aware(datetime.datetime.combine(answered, datetime.time(12))),
            answered_by=form.cleaned_data["answered_by"],
            comment=form.cleaned_data["comment"],
            evidence=form.cleaned_data["evidence"],
        )
        messages.success(request, _("The answer was recorded with its evidence."))
    return redirect("approvals:detail", pk=flow.pk)


def external_evidence(request: AuthedHttpRequest, pk: int, external_pk: int) -> FileResponse:
    _flow, external = _external_of(request, pk, external_pk)
    if not external.evidence:
        raise Http404
    return FileResponse(
        external.evidence.open("rb"), as_attachment=True, filename=external.evidence.name.rsplit("/", 1)[-1]
    )


def deputies(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_superior:  # the same rule hides the menu link (base.html)
        raise PermissionDenied
    principals = queries.deputy_principals_for(user)
    candidates = queries.deputy_candidates_for(user)
    form = DeputyForm(request.POST or None, principals=principals, deputies=candidates, initial={"principal": user.pk})
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, per_field=False):
            actions.set_deputy(actor=user, **form.cleaned_data)
            messages.success(request, _("The deputy was set."))
            return redirect("approvals:deputies")
    visible = queries.current_deputyships(user, principals)
    return render(request, "approvals/deputies.html", {"form": form, "deputyships": visible})


# --- the external unit's page (no account) -------------------------------------------

LINK_MESSAGES = {
    "forged": (404, _("This link is not valid")),
    "expired": (410, _("This link has expired")),
    "used": (410, _("This link has already been used")),
}


@login_not_required
@never_cache
@rate_limited("approval-link")
def external_link(request: HttpRequest, token: str) -> HttpResponse:
    """Read the document and approve or reject it, once, before the link expires."""
    ua = request.META.get("HTTP_USER_AGENT", "")
    try:
        external = actions.open_external_link(token=token, ip_address=_client_ip(request), user_agent=ua)
    except actions.LinkError as exc:
        status, title = LINK_MESSAGES.get(exc.reason, LINK_MESSAGES["forged"])
        return render(
            request, "approvals/external_link_invalid.html", {"title": title, "reason": exc.reason}, status=status
        )
    form = ExternalLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_external_link(
                token=token,
                approve=request.POST.get("decision") == "approve",
                comment=form.cleaned_data["comment"],
                answered_by=form.cleaned_data["answered_by"],
                ip_address=_client_ip(request),
                user_agent=ua,
            )
        except actions.LinkError as exc:
            status, title = LINK_MESSAGES.get(exc.reason, LINK_MESSAGES["forged"])
            return render(
                request, "approvals/external_link_invalid.html", {"title": title, "reason": exc.reason}, status=status
            )
        except ValidationError as exc:
            form.add_error("comment", " ".join(exc.messages))
        else:
            return render(request, "approvals/external_link_done.html", {"external": external})
    flow = external.flow
    version = queries.version_of(flow, external.version)
    target = flow.target
    spec = spec_for(type(target)) if target is not None else None
    return render(
        request,
        "approvals/external_link.html",
        {
            "external": external,
            "flow": flow,
            "version": version,
            "preview_template": spec.preview_template if spec else None,
            "form": form,
        },
    )


__all__ = ["ApprovalStep"]
