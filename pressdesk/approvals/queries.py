"""Reads of approval flows, filtered by what the reading user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.approvals.models import ApprovalFlow, ApprovalStep, Deputyship
from pressdesk.lib.inbox import InboxItem
from pressdesk.organizations.queries import unit_records_q

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def flows_visible_to(user: User) -> QuerySet[ApprovalFlow]:
    qs = ApprovalFlow.objects.select_related("process", "organization", "author", "chain_organization")
    return qs.filter(unit_records_q(user, owner="author"))


def get_flow_for_user(user: User, pk: int) -> ApprovalFlow:
    try:
        return flows_visible_to(user).get(pk=pk)
    except ApprovalFlow.DoesNotExist as exc:
        raise Http404 from exc


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


def inbox_count(user: User) -> int:
    return steps_waiting_for(user).count() + returned_to(user).count()
