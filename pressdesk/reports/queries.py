"""Reads of reports and statistics, scoped to what each user may see.

A ``Scope`` says which monitored news a figure or a report covers:

* the unit's roles: their province (items of the province's sources, as in
  ``monitoring.queries``);
* a press officer of an affiliated institution: stories matched to their
  institution (a watch term of it or of a unit under it);
* administrators: everything;
* everybody else: nothing.

A report recipient with "only news about their institution" gets the
report's province narrowed to their institution in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pressdesk.accounts.models import Role
from pressdesk.monitoring.models import Item, ItemMatch, Relevance, Source
from pressdesk.monitoring.queries import staff_importance, staff_sentiment, triage_rows
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import province_of, scope_root
from pressdesk.reports.models import Delivery, Recipient, Report, ReportSettings

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


@dataclass(frozen=True)
class Scope:
    """Which news a figure covers. ``everything`` wins; ``nothing`` is an empty scope."""

    province: Organization | None = None
    institution: Organization | None = None
    everything: bool = False
    nothing: bool = False

    @property
    def key(self) -> str:
        if self.nothing:
            return "none"
        if self.everything:
            return "all"
        return f"{self.province.pk if self.province else '-'}:{self.institution.pk if self.institution else '-'}"


NOTHING = Scope(nothing=True)


def can_manage_reports(user: User) -> bool:
    """The unit's roles and administrators prepare, edit and send reports and edit the distribution list."""
    return bool(user.is_authenticated and user.is_active and (user.is_admin or user.is_unit_member))


def can_resend(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_admin or user.role == Role.UNIT_HEAD))


def can_see_statistics(user: User) -> bool:
    return can_manage_reports(user) or (user.is_active and user.role == Role.AFFILIATE_PRESS)


def scope_for_user(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_admin:
        return Scope(everything=True)
    if user.is_unit_member:
        root = scope_root(user)
        return Scope(province=root) if isinstance(root, Organization) else NOTHING
    if user.role == Role.AFFILIATE_PRESS and user.organization is not None:
        return Scope(province=province_of(user.organization), institution=user.organization)
    return NOTHING


def scope_for_delivery(report: Report, institution: Organization | None) -> Scope:
    return Scope(province=report.organization, institution=institution)


def province_for_user(user: User) -> Organization | None:
    """The province whose reports ``user`` prepares: their own, or for an administrator the first one."""
    province = province_of(user.organization)
    if province is None and user.is_admin:
        province = Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE, is_active=True).first()
    return province


def _matched_to(institution: Organization) -> Exists:
    return Exists(ItemMatch.objects.filter(item=OuterRef("pk"), term__organization__path__startswith=institution.path))


def items_in_scope(scope: Scope) -> QuerySet[Item]:
    """Matched items the scope covers, leaving out stories the scope's province marked irrelevant.

    Each item carries its story's triage in that province (``staff_sentiment``, ``staff_importance``,
    read by ``figures``); another province's triage of a shared story never counts here. The scope
    of every province (an administrator's) reads each item with its own source's province.
    """
    if scope.nothing:
        return Item.objects.none()
    province = None if scope.everything else scope.province
    here = triage_rows(province, story="story", item="")
    items = (
        Item.objects.filter(matched=True)
        .exclude(Exists(here.filter(relevance=Relevance.IRRELEVANT)))
        .annotate(
            staff_sentiment=staff_sentiment(province, story="story", item=""),
            staff_importance=staff_importance(province, story="story", item=""),
        )
    )
    if scope.everything:
        return items
    if scope.institution is not None:
        items = items.filter(_matched_to(scope.institution))
        if scope.province is not None and scope.institution.path.startswith(scope.province.path):
            return items  # an institution of the province: its matches are what concerns it
    if scope.province is None:
        return items if scope.institution is not None else Item.objects.none()
    return items.filter(source__in=_sources_of(scope.province).values("pk"))


def _sources_of(province: Organization) -> QuerySet[Source]:
    """The province's sources. Manual-entry sources have no organization: they belong to whoever clipped
    into them. They are few: one subquery, not a join per item."""
    path = province.path
    return Source.objects.filter(
        Q(organization__path__startswith=path)
        | Q(organization__isnull=True, created_by__organization__path__startswith=path)
    )


def archive_in_scope(scope: Scope) -> QuerySet[Item]:
    """Every item the scope's sources fetched, matched or not: what share of voice compares against."""
    if scope.nothing:
        return Item.objects.none()
    if scope.everything:
        return Item.objects.all()
    if scope.province is None:
        return Item.objects.none()
    return Item.objects.filter(source__in=_sources_of(scope.province).values("pk"))


def institutions_in_scope(scope: Scope) -> Q:
    """A filter on ``Organization`` keeping the institutions the scope may list."""
    if scope.nothing:
        return Q(pk__in=[])
    if scope.everything:
        return Q()
    if scope.institution is not None:
        return Q(path__startswith=scope.institution.path)
    assert scope.province is not None
    return Q(path__startswith=scope.province.path)


# --- reports, settings, recipients -------------------------------------------------


def reports_visible_to(user: User) -> QuerySet[Report]:
    """The unit sees its province's reports; an affiliate's press officer sees the sent ones of their province."""
    qs = Report.objects.select_related("organization")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_unit_member:
        root = scope_root(user)
        if not isinstance(root, Organization):
            return qs.none()
        return qs.filter(organization__path__startswith=root.path)
    if user.role == Role.AFFILIATE_PRESS:
        province = province_of(user.organization)
        if province is None:
            return qs.none()
        return qs.filter(organization=province, status=Report.Status.SENT)
    return qs.none()


def get_report_for_user(user: User, pk: int) -> Report:
    try:
        return reports_visible_to(user).get(pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


def get_managed_report(user: User, pk: int) -> Report:
    """A report ``user`` may edit and send (the unit of its province, administrators)."""
    if not can_manage_reports(user):
        raise Http404
    return get_report_for_user(user, pk)


def report_scope_for_user(user: User, report: Report) -> Scope:
    """How ``user`` sees ``report``: the unit as a whole, an affiliate narrowed to their institution."""
    if user.is_admin or user.is_unit_member:
        return scope_for_delivery(report, None)
    return scope_for_delivery(report, user.organization)


def settings_for(province: Organization) -> ReportSettings:
    found, _created = ReportSettings.objects.select_related("organization").get_or_create(organization=province)
    return found


def recipients_visible_to(user: User) -> QuerySet[Recipient]:
    if not can_manage_reports(user):
        return Recipient.objects.none()
    qs = Recipient.objects.select_related("user", "organization", "report_settings__organization")
    if user.is_admin:
        return qs
    root = scope_root(user)
    if not isinstance(root, Organization):
        return qs.none()
    return qs.filter(report_settings__organization__path__startswith=root.path)


def get_recipient_for_user(user: User, pk: int) -> Recipient:
    try:
        return recipients_visible_to(user).get(pk=pk)
    except Recipient.DoesNotExist as exc:
        raise Http404 from exc


def deliveries_of(report: Report) -> QuerySet[Delivery]:
    return report.deliveries.select_related("scope").order_by("status", "name", "pk")


def recipients_for_report(report: Report) -> list[Recipient]:
    """The active recipients of ``report``'s province who take its kind and have an address."""
    recipients = Recipient.objects.filter(
        report_settings__organization=report.organization, is_active=True
    ).select_related("user", "organization")
    return [recipient for recipient in recipients if recipient.wants(report.kind) and recipient.address]


def report_list_for(user: User, *, kind: str = "", status: str = "") -> QuerySet[Report]:
    """The reports ``user`` sees, newest period first, of ``kind`` and in ``status`` when given."""
    reports = reports_visible_to(user).order_by("-period_end", "-pk")
    if kind:
        reports = reports.filter(kind=kind)
    if status:
        reports = reports.filter(status=status)
    return reports


def recipients_of(report_settings: ReportSettings) -> QuerySet[Recipient]:
    """The distribution list of ``report_settings``, by institution and name."""
    return report_settings.recipients.select_related("user", "organization").order_by(
        "organization__path", "name", "pk"
    )
