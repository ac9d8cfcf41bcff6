"""Process 1.3.2: the monitoring report (daily, weekly, monthly) and its distribution list.

One ``ReportSettings`` row per provincial directorate holds the schedule; the
``Recipient`` rows are its distribution list. A ``Report`` is one period's
report of one province; each recipient it went to has a ``Delivery`` row with
its own attempts and last error, so a failed mail server is visible and can
be retried, never silently lost.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ReportSettings(models.Model):
    """The report schedule of one province (its provincial directorate)."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("provincial directorate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    send_time = models.TimeField(
        _("sending time"),
        default=datetime.time(8, 0),
        help_text=_("Reports cover the period that ends at this time and are sent then."),
    )
    daily_enabled = models.BooleanField(_("send the daily report"), default=True)
    weekly_enabled = models.BooleanField(_("send the weekly report"), default=True)
    weekly_weekday = models.PositiveSmallIntegerField(
        _("day of the weekly report"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    monthly_enabled = models.BooleanField(
        _("send the monthly report"), default=True, help_text=_("Sent on the first day of each month.")
    )
    send_when_empty = models.BooleanField(
        _("send even when there is no news"),
        default=False,
        help_text=_("When off, a period without news is recorded as empty and nothing is e-mailed."),
    )
    review_before_sending = models.BooleanField(
        _("staff review before sending"),
        default=False,
        help_text=_("When on, the scheduled report waits as a draft for the unit to check and send it."),
    )
    default_lead = models.TextField(
        _("default lead text"),
        blank=True,
        help_text=_("The opening paragraph of every new report; it can be edited per report."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.organization)

    def enabled_kinds(self) -> list[str]:
        kinds: list[str] = []
        if self.daily_enabled:
            kinds.append(ReportKind.DAILY)
        if self.weekly_enabled:
            kinds.append(ReportKind.WEEKLY)
        if self.monthly_enabled:
            kinds.append(ReportKind.MONTHLY)
        return kinds


class Recipient(models.Model):
    """One address on a province's distribution list: a user of the system or a plain e-mail address."""

    report_settings = models.ForeignKey(
        ReportSettings, verbose_name=_("report settings"), on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Only for people without a user account."))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    only_own_institution = models.BooleanField(
        _("only news about their institution"),
        default=False,
        help_text=_("They receive only stories matched to their institution or to units under it."),
    )
    daily = models.BooleanField(pgettext_lazy("report", "daily"), default=True)
    weekly = models.BooleanField(pgettext_lazy("report", "weekly"), default=True)
    monthly = models.BooleanField(pgettext_lazy("report", "monthly"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("report recipient")
        verbose_name_plural = _("report recipients")
        ordering = ["organization__path", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="reports_recipient_user_or_email"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.name or str(self.user)
        return self.name or self.email

    @property
    def address(self) -> str:
        """Where the report goes: the user's current e-mail, else the plain address."""
        if self.user_id is not None and self.user is not None:
            return self.user.email if self.user.is_active else ""
        return self.email

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, False))


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        EMPTY = "empty", _("Not sent: no news")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("provincial directorate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.DAILY)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    lead = models.TextField(_("lead text"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    error = models.TextField(_("error"), blank=True)
    scheduled = models.BooleanField(_("made by the schedule"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    send_requested_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "period_end"], name="reports_report_one_per_period"
            ),
        ]
        indexes = [models.Index(fields=["organization", "-period_end"])]

    def __str__(self) -> str:
        end = timezone.localtime(self.period_end)
        return f"{self.get_kind_display()} {end:%d.%m.%Y %H:%M}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.EMPTY)


class Delivery(models.Model):
    """The report sent to one recipient; its own attempts and last error."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped: no news for this institution")

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        Recipient, verbose_name=_("recipient"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    scope = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("limited to institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        ordering = ["report", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "email"], name="reports_delivery_one_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.email}"
