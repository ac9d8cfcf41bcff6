"""Reads of approval flows, filtered by what the reading user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import UNIT_ROLES, User
from pressdesk.accounts.queries import users_visible_to
from pressdesk.approvals.models import (
    ApprovalDecision,
    ApprovalFlow,
    ApprovalStep,
    ApprovalVersion,
    Deputyship,
    ExternalApproval,
)
from pressdesk.approvals.registry import spec_for
from pressdesk.lib.inbox import InboxItem
from pressdesk.organizations.queries import unit_records_q


def flows_visible_to(user: User) -> QuerySet[ApprovalFlow]:
    qs = ApprovalFlow.objects.select_related("process", "organization", "author", "chain_organization")
    return qs.filter(unit_records_q(user, owner="author"))


def get_flow_for_user(user: User, pk: int) -> ApprovalFlow:
    try:
        flow = flows_visible_to(user).select_related("content_type").get(pk=pk)
    except ApprovalFlow.DoesNotExist as exc:
        raise Http404 from exc
    if not may_read_document(user, flow):
        raise Http404
    return flow


def may_read_document(user: User, flow: ApprovalFlow) -> bool:
    """Whether ``user`` may read what the flow approves, besides seeing the flow itself.

    The app that registered the model decides (``registry.register(visible_to=…)``): a closed
    meeting's minutes are for its participants, not for every unit member who sees the
    province's flows. The author and whoever decided, or may now decide, a step of the
    chain read it too: they cannot judge what they may not read.
    """
    model = flow.content_type.model_class()
    try:
        spec = spec_for(model) if model is not None else None
    except LookupError:
        spec = None
    if spec is None or flow.author_id == user.pk:
        return True
    if spec.visible_to(user).filter(pk=flow.object_id).exists():
        return True
    return flow.decisions.filter(actor=user).exists() or steps_waiting_for(user).filter(flow=flow).exists()


def _role_holders_q(user: User) -> Q:
    """Current steps that ``user`` (or a principal they deputise for) may decide."""
    now = timezone.now()
    people = [user]
    people += [
        d.principal
        for d in Deputyship.objects.filter(deputy=user, starts_at__lte=now, ends_at__gt=now).select_related(
            "principal__organization"
        )
    ]
    q = Q(pk__in=[])
    for person in people:
        if person.organization is None:
            continue
        q |= Q(role=person.role, flow__chain_organization__path__startswith=person.organization.path) & ~Q(
            flow__author=person
        )
    return q & ~Q(flow__author=user)


def steps_waiting_for(user: User) -> QuerySet[ApprovalStep]:
    return ApprovalStep.objects.filter(
        _role_holders_q(user), status=ApprovalStep.Status.CURRENT, flow__status=ApprovalFlow.Status.IN_REVIEW
    )


def returned_to(user: User) -> QuerySet[ApprovalFlow]:
    return ApprovalFlow.objects.filter(
        author=user, status__in=[ApprovalFlow.Status.RETURNED, ApprovalFlow.Status.REJECTED]
    )


def inbox_items(user: User) -> Iterable[InboxItem]:
    for step in steps_waiting_for(user).select_related("flow"):
        yield InboxItem(
            kind=step.get_kind_display(),
            title=step.flow.title,
            url=reverse("approvals:detail", args=[step.flow_id]),
            due=timezone.localtime(step.due_at).date() if step.due_at else None,
            due_at=step.due_at,
            priority=3,
            subtitle=_("Waiting for your decision"),
        )
    for flow in returned_to(user):
        yield InboxItem(
            kind=_("Returned"),
            title=flow.title,
            url=reverse("approvals:detail", args=[flow.pk]),
            priority=3,
            subtitle=flow.get_status_display(),
        )


def inbox_query(user: User) -> list[QuerySet[ApprovalStep] | QuerySet[ApprovalFlow]]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return [steps_waiting_for(user), returned_to(user)]


def inbox_count(user: User) -> int:
    return steps_waiting_for(user).count() + returned_to(user).count()


# --- What the screens show ---------------------------------------------------------------


def flow_list_for(user: User, *, show: str, status: str = "", text: str = "") -> QuerySet[ApprovalFlow]:
    """The flow list: ``show`` is ``mine`` (the user's own), ``all`` or ``waiting`` (a step waits
    for the user); ``status`` and ``text`` (in the title) narrow it; most recently changed first."""
    flows = flows_visible_to(user)
    if show == "mine":
        flows = flows.filter(author=user)
    elif show != "all":
        flows = flows.filter(pk__in=steps_waiting_for(user).values("flow_id"))
    if status:
        flows = flows.filter(status=status)
    if text:
        flows = flows.filter(title__icontains=text)
    return flows.prefetch_related("steps__decided_by").select_related("author").order_by("-updated_at")


def versions_of(flow: ApprovalFlow) -> list[ApprovalVersion]:
    """The flow's versions, newest first."""
    return list(flow.versions.order_by("-number"))


def version_of(flow: ApprovalFlow, number: int) -> ApprovalVersion | None:
    return flow.versions.filter(number=number).first()


def steps_of(flow: ApprovalFlow) -> list[ApprovalStep]:
    return list(flow.steps.select_related("decided_by"))


def externals_of(flow: ApprovalFlow) -> list[ExternalApproval]:
    return list(flow.externals.select_related("organization", "recorded_by"))


def decisions_of(flow: ApprovalFlow) -> list[ApprovalDecision]:
    return list(flow.decisions.select_related("actor", "step", "external__organization"))


def get_external_of(flow: ApprovalFlow, pk: int) -> ExternalApproval:
    """The external approval ``pk`` of ``flow`` (404 for another flow's)."""
    external = flow.externals.filter(pk=pk).first()
    if external is None:
        raise Http404
    return external


def deputy_principals_for(user: User) -> QuerySet[User]:
    """Whom ``user`` may name a deputy for: an administrator anyone of the unit they see, others themselves."""
    if user.is_admin:
        return users_visible_to(user).filter(role__in=UNIT_ROLES)
    return User.objects.filter(pk=user.pk)


def deputy_candidates_for(user: User) -> QuerySet[User]:
    """Who may be named a deputy: the active unit members ``user`` sees."""
    return users_visible_to(user).filter(is_active=True, role__in=UNIT_ROLES)


def current_deputyships(user: User, principals: QuerySet[User]) -> QuerySet[Deputyship]:
    """The deputyships not yet ended of ``principals`` or in which ``user`` is the deputy."""
    return Deputyship.objects.select_related("principal", "deputy").filter(
        Q(principal__in=principals) | Q(deputy=user), ends_at__gt=timezone.now()
    )


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------

STEP_ORDER = ["unit_head", "chief", "director"]


def step_cycle_times(province: Any, start: datetime.date, end: datetime.date) -> list[Any]:
    """Hours from a chain step being reached to its decision (initial, signature or return), per role
    and month of the decision, in one query.

    A step is reached by the act before its decision in the flow's history: the submission or the
    previous step's initial (a return ends the round; the next submission starts the next one).
    """
    from django.db.models import OuterRef, Subquery

    from pressdesk.accounts.models import Role
    from pressdesk.lib import activity

    Action = ApprovalDecision.Action
    reached = Subquery(
        ApprovalDecision.objects.filter(
            flow=OuterRef("flow"),
            pk__lt=OuterRef("pk"),
            action__in=[Action.SUBMITTED, Action.INITIALLED, Action.SIGNED],
        )
        .order_by("-pk")
        .values("created_at")[:1]
    )
    qs = ApprovalDecision.objects.filter(
        step__isnull=False, action__in=[Action.INITIALLED, Action.SIGNED, Action.RETURNED]
    )
    if province is not None:
        qs = qs.filter(flow__organization__path__startswith=province.path)
    found = activity.durations_by_month(qs, reached, "created_at", start, end, group="role")
    labels = dict(Role.choices)
    ordered = sorted(found, key=lambda role: (STEP_ORDER.index(role) if role in STEP_ORDER else 99, role))
    return [
        activity.DurationGroup(key=role, label=labels.get(role, role), months=found[role][0], period=found[role][1])
        for role in ordered
    ]
