"""Reads of TV/radio requests, filtered by what the reading user may see.

The unit's roles see their province's requests; a hospital's press officer
sees their institution's; everybody sees the requests they entered and those
in which they are a guest.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.broadcast.models import BriefingTemplate, BroadcastEvent, BroadcastRequest
from pressdesk.lib import activity
from pressdesk.lib.agenda import AgendaEntry
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.organizations.queries import in_scope, scope_q

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.monitoring.models import Outlet
    from pressdesk.organizations.models import Organization

Status = BroadcastRequest.Status


def _own_q(user: User) -> Q:
    guest_of = BroadcastRequest.other_guests.through.objects.filter(user_id=user.pk).values("broadcastrequest_id")
    return Q(guest=user) | Q(created_by=user) | Q(pk__in=guest_of)


def requests_visible_to(user: User) -> QuerySet[BroadcastRequest]:
    qs = BroadcastRequest.objects.select_related("outlet", "guest", "organization", "created_by")
    if user.is_admin:
        return qs
    if user.is_unit_member or user.role == Role.AFFILIATE_PRESS:
        return qs.filter(scope_q(user) | _own_q(user))
    return qs.filter(_own_q(user))


def get_request_for_user(user: User, pk: int) -> BroadcastRequest:
    try:
        return requests_visible_to(user).get(pk=pk)
    except BroadcastRequest.DoesNotExist as exc:
        raise Http404 from exc


def _with_flow_status(qs: QuerySet[BroadcastRequest]) -> QuerySet[BroadcastRequest]:
    content_type = ContentType.objects.get_for_model(BroadcastRequest)
    flows = ApprovalFlow.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
    return qs.annotate(flow_status=Subquery(flows.values("status")[:1]))


def request_list(user: User, filters: dict[str, Any]) -> QuerySet[BroadcastRequest]:
    """The list: ``status``, ``outlet``, ``guest``, ``institution``, ``text``; next programmes first."""
    qs = _with_flow_status(requests_visible_to(user))
    status = filters.get("status") or ""
    if status == Status.APPROVED:
        qs = qs.filter(
            Q(status=Status.APPROVED) | Q(status=Status.IN_APPROVAL, flow_status=ApprovalFlow.Status.APPROVED)
        )
    elif status:
        qs = qs.filter(status=status)
    if filters.get("outlet"):
        qs = qs.filter(outlet=filters["outlet"])
    if filters.get("guest"):
        qs = qs.filter(guest=filters["guest"])
    if filters.get("institution"):
        qs = qs.filter(organization__path__startswith=filters["institution"].path)
    if filters.get("text"):
        qs = qs.filter(words_q(filters["text"], ["programme", "topic", "outlet__name"]))
    return qs.order_by("-starts_at", "-pk")


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The month's first and the next month's first midnight in Istanbul time (aware)."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def calendar_month(user: User, year: int, month: int, filters: dict[str, Any]) -> list[BroadcastRequest]:
    """The requests and appearances of a month that ``user`` may see, by date (one query)."""
    start, end = month_bounds(year, month)
    qs = request_list(user, filters).filter(starts_at__gte=start, starts_at__lt=end)
    return list(qs.order_by("starts_at", "pk"))


def display_status(request: BroadcastRequest, flow_status: str | None) -> str:
    """The status as people read it: an approval finished on the approvals page counts."""
    if request.status == Status.IN_APPROVAL and flow_status == ApprovalFlow.Status.APPROVED:
        return str(Status.APPROVED.label)
    if request.status == Status.IN_APPROVAL and flow_status == ApprovalFlow.Status.EXTERNAL:
        return _("Waiting for external approvals")
    if request.status == Status.IN_APPROVAL and flow_status == ApprovalFlow.Status.RETURNED:
        return _("Returned in the chain")
    return str(request.get_status_display())


def events_of(request: BroadcastRequest) -> list[BroadcastEvent]:
    return list(request.events.select_related("actor"))


def outlets_for_filter(user: User) -> QuerySet[Any]:
    from pressdesk.monitoring.models import Outlet

    ids = requests_visible_to(user).values("outlet_id")
    return Outlet.objects.filter(pk__in=ids).order_by("name")


def guests_for_filter(user: User) -> QuerySet[Any]:
    from pressdesk.accounts.models import User as UserModel

    ids = requests_visible_to(user).values("guest_id")
    return UserModel.objects.filter(pk__in=ids)


# --- İşlerim ------------------------------------------------------------------------------


def _waiting_for_unit(user: User) -> QuerySet[BroadcastRequest]:
    if not user.is_unit_member:
        return BroadcastRequest.objects.none()
    return BroadcastRequest.objects.filter(scope_q(user), status__in=[Status.RECEIVED, Status.CHECKED]).select_related(
        "outlet"
    )


def inbox_items(user: User) -> Iterable[InboxItem]:
    for request in _waiting_for_unit(user).filter(role_q(user)):
        yield InboxItem(
            kind=_("TV/radio"),
            title=str(request),
            url=reverse("broadcast:detail", args=[request.pk]),
            due=timezone.localtime(request.starts_at).date(),
            due_at=request.starts_at,
            priority=2,
            subtitle=str(request.get_status_display()),
        )


def role_q(user: User) -> Q:
    """Staff and the unit head work on the requests; the Başkan and the director decide them in the chain."""
    return Q() if user.role in (Role.STAFF, Role.UNIT_HEAD) else Q(pk__in=[])


def inbox_query(user: User) -> QuerySet[Any]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return _waiting_for_unit(user).filter(role_q(user))


def inbox_count(user: User) -> int:
    return inbox_query(user).count()


# --- the agenda -------------------------------------------------------------------------


def agenda_entries(
    *, person: User, viewer: User, start: datetime.datetime, end: datetime.datetime
) -> list[AgendaEntry]:
    """Approved appearances of ``person`` as a guest, and for a director every appearance of their province."""
    qs = BroadcastRequest.objects.filter(
        status__in=[*BroadcastRequest.SCHEDULED, Status.AIRED],
        starts_at__lt=end,
        starts_at__gte=start - datetime.timedelta(hours=12),
    ).select_related("outlet", "guest", "organization")
    guest_of = BroadcastRequest.other_guests.through.objects.filter(user_id=person.pk).values("broadcastrequest_id")
    mine = Q(guest=person) | Q(pk__in=guest_of)
    if person.role == Role.DIRECTOR:
        mine |= scope_q(person)
    visible = set(requests_visible_to(viewer).values_list("pk", flat=True)) if viewer.pk != person.pk else None
    entries = []
    for request in qs.filter(mine):
        if request.ends_at <= start:
            continue
        private = visible is not None and request.pk not in visible
        entries.append(
            AgendaEntry(
                kind="broadcast",
                kind_label=_("TV/radio"),
                title=_("Busy") if private else f"{request.outlet} — {request.programme} ({request.guest})",
                start=request.starts_at,
                end=request.ends_at,
                url="" if private else reverse("broadcast:detail", args=[request.pk]),
                location="" if private else request.place,
                private=private,
                uid=f"broadcast-{request.pk}@pressdesk",
            )
        )
    return entries


# --- statistics and activity ---------------------------------------------------------------


def statistics(user: User) -> dict[str, Any]:
    """Requests per channel, approved/refused, appearances per spokesperson, days from request to permit."""
    qs = requests_visible_to(user)
    per_outlet = list(qs.values("outlet__name").annotate(n=Count("pk")).order_by("-n", "outlet__name")[:50])
    by_status = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk"))}
    approved = sum(by_status.get(s, 0) for s in (Status.APPROVED, Status.PERMIT_SENT, Status.AIRED))
    per_guest = list(
        qs.filter(status__in=[Status.PERMIT_SENT, Status.AIRED])
        .values("guest__first_name", "guest__last_name", "guest__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "guest__first_name")[:50]
    )
    durations = [
        (sent - created).total_seconds() / 86400
        for created, sent in qs.filter(permit_sent_at__isnull=False).values_list("created_at", "permit_sent_at")
        if sent is not None
    ]
    return {
        "per_outlet": per_outlet,
        "by_status": [(Status(code).label, by_status.get(code, 0)) for code in Status.values],
        "approved": approved,
        "refused": by_status.get(Status.REFUSED, 0),
        "per_guest": per_guest,
        "average_days": round(sum(durations) / len(durations), 1) if durations else None,
        "total": sum(by_status.values()),
    }


def requests_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    qs = BroadcastRequest.objects.all()
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "created_at", start, end)


def appearances_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    qs = BroadcastRequest.objects.filter(status=Status.AIRED)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "starts_at", start, end)


def can_see(user: User, request: BroadcastRequest) -> bool:
    return in_scope(user, request.organization)


def outlet_named(name: str) -> Outlet | None:
    """The outlet monitoring knows by this name (any case), if any."""
    from pressdesk.monitoring.models import Outlet

    return Outlet.objects.filter(name__iexact=name).first()


def fresh_copy(item: BroadcastRequest) -> BroadcastRequest:
    """The request as stored, apart from a form's unsaved changes to ``item``."""
    return BroadcastRequest.objects.get(pk=item.pk)


def briefing_template_of(province: Organization | None) -> BriefingTemplate | None:
    """The province's briefing-pack text, if the unit wrote one."""
    return BriefingTemplate.objects.filter(province=province).first() if province else None
