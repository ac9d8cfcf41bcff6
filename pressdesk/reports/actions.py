"""Every change to reports, their settings and distribution list.

Sending: ``send_report`` turns the distribution list into one ``Delivery``
per address and, after commit, enqueues one task per delivery
(``tasks.send_delivery``). Each task renders the report for its recipient's
scope, e-mails it, and records the attempt; retries back off; the last
failure marks the delivery failed. When no delivery is waiting any more the
report is settled: sent, or failed (the unit head is notified). A report
with no recipients fails at once, with the reason, and is never silently
dropped. The unit head or an administrator can send the failed ones again.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import in_scope
from pressdesk.outbox.actions import enqueue
from pressdesk.reports import content as report_content
from pressdesk.reports import periods, queries, rendering
from pressdesk.reports.models import Delivery, Recipient, Report, ReportKind, ReportSettings

log = logging.getLogger(__name__)

SETTINGS_FIELDS = (
    "send_time",
    "daily_enabled",
    "weekly_enabled",
    "weekly_weekday",
    "monthly_enabled",
    "send_when_empty",
    "review_before_sending",
    "default_lead",
)
RECIPIENT_FIELDS = (
    "user",
    "name",
    "email",
    "organization",
    "only_own_institution",
    "daily",
    "weekly",
    "monthly",
    "is_active",
)


def _require_manager(actor: User | None, province: Organization) -> None:
    if actor is None:
        return  # the schedule
    if not queries.can_manage_reports(actor) or not in_scope(actor, province):
        raise PermissionDenied


# --- settings and distribution list --------------------------------------------------


@transaction.atomic
def save_settings(*, actor: User, report_settings: ReportSettings, **fields: Any) -> ReportSettings:
    _require_manager(actor, report_settings.organization)
    for name in SETTINGS_FIELDS:
        if name in fields:
            setattr(report_settings, name, fields[name])
    report_settings.full_clean()
    report_settings.save()
    return report_settings


def _check_recipient(actor: User, recipient: Recipient) -> None:
    if recipient.user_id is None and not recipient.email:
        raise ValidationError(_("Choose a user or enter an e-mail address."))
    if recipient.user is not None and not in_scope(actor, recipient.user.organization):
        raise PermissionDenied
    if not in_scope(actor, recipient.organization):
        raise PermissionDenied


@transaction.atomic
def add_recipient(*, actor: User, report_settings: ReportSettings, **fields: Any) -> Recipient:
    _require_manager(actor, report_settings.organization)
    recipient = Recipient(
        report_settings=report_settings, **{key: fields[key] for key in RECIPIENT_FIELDS if key in fields}
    )
    if recipient.user is not None:
        recipient.email = ""
    _check_recipient(actor, recipient)
    recipient.full_clean()
    recipient.save()
    return recipient


@transaction.atomic
def update_recipient(*, actor: User, recipient: Recipient, **fields: Any) -> Recipient:
    _require_manager(actor, recipient.report_settings.organization)
    for key in RECIPIENT_FIELDS:
        if key in fields:
            setattr(recipient, key, fields[key])
    if recipient.user is not None:
        recipient.email = ""
    _check_recipient(actor, recipient)
    recipient.full_clean()
    recipient.save()
    return recipient


@transaction.atomic
def remove_recipient(*, actor: User, recipient: Recipient) -> None:
    _require_manager(actor, recipient.report_settings.organization)
    recipient.delete()


# --- reports ----------------------------------------------------------------------------


@transaction.atomic
def prepare_report(
    *,
    actor: User | None,
    province: Organization,
    kind: str,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    scheduled: bool = False,
) -> tuple[Report, bool]:
    """The report of ``kind`` for the period ending at ``end`` (by hand: up to now); made once.

    Returns ``(report, created)``; a second call for the same period (a double
    click, the schedule running twice) returns the existing report.
    """
    _require_manager(actor, province)
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown report kind."))
    if end is None:
        start, end = periods.period_up_to(kind, timezone.now())
    elif start is None:
        start = periods.start_for(kind, end)
    report_settings = queries.settings_for(province)
    existing = Report.objects.filter(organization=province, kind=kind, period_end=end).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                organization=province,
                kind=kind,
                period_start=start,
                period_end=end,
                lead=report_settings.default_lead,
                scheduled=scheduled,
                created_by=actor,
            )
    except IntegrityError:  # made meanwhile by another request or worker
        return Report.objects.get(organization=province, kind=kind, period_end=end), False
    return report, True


@transaction.atomic
def update_lead(*, actor: User, report: Report, lead: str) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_manager(actor, report.organization)
    if not report.is_editable:
        raise ValidationError(_("A report that is being sent or was sent cannot be changed."))
    report.lead = lead.strip()
    report.save(update_fields=["lead"])
    return report


def _create_deliveries(report: Report) -> list[Delivery]:
    rows: dict[str, Delivery] = {}
    for recipient in queries.recipients_for_report(report):
        address = recipient.address.strip()
        key = address.casefold()
        scope = recipient.organization if recipient.only_own_institution else None
        if key in rows:
            # The same address twice: the wider version wins.
            if scope is None:
                rows[key].scope = None
            continue
        rows[key] = Delivery(
            report=report, recipient=recipient, name=recipient.display_name, email=address, scope=scope
        )
    return Delivery.objects.bulk_create(rows.values())


def _enqueue(delivery_ids: list[int]) -> None:
    from pressdesk.reports.tasks import send_delivery

    for delivery_id in delivery_ids:
        enqueue(send_delivery, delivery_id)


@transaction.atomic
def send_report(*, actor: User | None, report: Report) -> bool:
    """Start sending ``report`` to its distribution list. A second call does nothing (returns False)."""
    report = Report.objects.select_for_update().select_related("organization").get(pk=report.pk)
    _require_manager(actor, report.organization)
    if report.status not in (Report.Status.DRAFT, Report.Status.EMPTY):
        return False
    report.sent_by = actor
    report.send_requested_at = timezone.now()
    deliveries = _create_deliveries(report)
    if not deliveries:
        report.status = Report.Status.FAILED
        report.error = _("The distribution list has no active recipient for this report.")
        report.save(update_fields=["status", "error", "sent_by", "send_requested_at"])
        transaction.on_commit(lambda: _notify_failure(report.pk))
        return True
    report.status = Report.Status.SENDING
    report.error = ""
    report.save(update_fields=["status", "error", "sent_by", "send_requested_at"])
    ids = [delivery.pk for delivery in deliveries]
    _enqueue(ids)
    return True


@transaction.atomic
def resend_failed(*, actor: User, report: Report) -> int:
    """Send the failed deliveries again (or, with none made yet, to the current distribution list)."""
    report = Report.objects.select_for_update().select_related("organization").get(pk=report.pk)
    if not queries.can_resend(actor) or not in_scope(actor, report.organization):
        raise PermissionDenied
    if report.status != Report.Status.FAILED:
        return 0
    failed = list(report.deliveries.filter(status=Delivery.Status.FAILED))
    if not failed and not report.deliveries.exists():
        failed = _create_deliveries(report)
    else:
        Delivery.objects.filter(pk__in=[delivery.pk for delivery in failed]).update(
            status=Delivery.Status.PENDING, attempts=0, updated_at=timezone.now()
        )
    if not failed:
        report.error = _("The distribution list has no active recipient for this report.")
        report.save(update_fields=["error"])
        return 0
    report.status = Report.Status.SENDING
    report.error = ""
    report.sent_by = actor
    report.save(update_fields=["status", "error", "sent_by"])
    ids = [delivery.pk for delivery in failed]
    _enqueue(ids)
    return len(ids)


# --- the schedule ---------------------------------------------------------------------


def run_schedule(*, now: datetime.datetime | None = None) -> list[int]:
    """Make every due report once; send it, or leave it for review, or record it as empty."""
    now = now or timezone.now()
    made: list[int] = []
    for report_settings in ReportSettings.objects.select_related("organization").filter(organization__is_active=True):
        for kind, start, end in periods.due_periods(report_settings, now):
            report, created = prepare_report(
                actor=None, province=report_settings.organization, kind=kind, start=start, end=end, scheduled=True
            )
            if not created:
                continue
            made.append(report.pk)
            dispatch_scheduled(report_id=report.pk)
    return made


@transaction.atomic
def dispatch_scheduled(*, report_id: int) -> None:
    report = Report.objects.select_for_update().select_related("organization").get(pk=report_id)
    if report.status != Report.Status.DRAFT:
        return
    report_settings = queries.settings_for(report.organization)
    if report_settings.review_before_sending:
        transaction.on_commit(lambda: _notify_ready(report.pk))
        return
    whole = report_content.gather(report, queries.scope_for_delivery(report, None))
    if whole.is_empty and not report_settings.send_when_empty:
        report.status = Report.Status.EMPTY
        report.save(update_fields=["status"])
        return
    send_report(actor=None, report=report)


# --- one delivery (called by the task) -------------------------------------------------


def deliver(*, delivery_id: int) -> str:
    """Render and e-mail one delivery; returns its new status. Raises when the mail server fails."""
    delivery = Delivery.objects.select_related("report__organization", "scope").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return delivery.status if delivery else "missing"
    report = delivery.report
    scope = queries.scope_for_delivery(report, delivery.scope)
    gathered = report_content.gather(report, scope)
    report_settings = queries.settings_for(report.organization)
    if delivery.scope is not None and gathered.is_empty and not report_settings.send_when_empty:
        message = None
    else:
        message = rendering.build_message(
            report=report, content=gathered, to=delivery.email, show_statistics_link=delivery.scope is None
        )
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.status != Delivery.Status.PENDING:
            return locked.status
        locked.attempts += 1
        if message is None:
            locked.status = Delivery.Status.SKIPPED
        else:
            message.send()
            locked.status = Delivery.Status.SENT
            locked.sent_at = timezone.now()
        locked.last_error = ""
        locked.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
    settle(report_id=report.pk)
    return locked.status


@transaction.atomic
def record_failure(*, delivery_id: int, error: str, final: bool) -> None:
    delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return
    delivery.attempts += 1
    delivery.last_error = error[:2000]
    if final:
        delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_error", "status", "updated_at"])
    if final:
        transaction.on_commit(lambda: settle(report_id=delivery.report_id))


@transaction.atomic
def settle(*, report_id: int) -> None:
    """When nothing waits any more: the report is sent, or failed if any delivery failed."""
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status != Report.Status.SENDING:
        return
    statuses = list(report.deliveries.values_list("status", flat=True))
    if Delivery.Status.PENDING in statuses:
        return
    failed = statuses.count(Delivery.Status.FAILED)
    if failed:
        report.status = Report.Status.FAILED
        report.error = _("%(failed)s of %(total)s e-mails could not be sent.") % {
            "failed": failed,
            "total": len(statuses),
        }
        transaction.on_commit(lambda: _notify_failure(report.pk))
    else:
        report.status = Report.Status.SENT
        report.error = ""
    report.sent_at = timezone.now()
    report.save(update_fields=["status", "error", "sent_at"])


# --- notifications ----------------------------------------------------------------------


def _unit_heads(province: Organization) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.UNIT_HEAD, is_active=True, organization__path__startswith=province.path
        ).select_related("organization")
    )


def _notify_failure(report_id: int) -> None:
    from pressdesk.notifications.actions import notify

    report = Report.objects.select_related("organization").filter(pk=report_id).first()
    if report is None:
        return
    notify(
        recipients=_unit_heads(report.organization),
        kind="report_failed",
        title=_("The monitoring report could not be sent: %(report)s") % {"report": report_content.title_for(report)},
        body=report.error,
        url=reverse("reports:report_detail", args=[report.pk]),
    )


def _notify_ready(report_id: int) -> None:
    from pressdesk.notifications.actions import notify

    report = Report.objects.select_related("organization").filter(pk=report_id).first()
    if report is None:
        return
    staff = User.objects.filter(
        role__in=[Role.STAFF, Role.UNIT_HEAD], is_active=True, organization__path__startswith=report.organization.path
    )
    notify(
        recipients=list(staff),
        kind="report_ready",
        title=_("The monitoring report waits for review: %(report)s") % {"report": report_content.title_for(report)},
        url=reverse("reports:report_detail", args=[report.pk]),
    )
