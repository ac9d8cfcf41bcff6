"""Corporate SMS (process 3.14): the province's staff list, saved lists, campaigns, batches, recipients.

A campaign's recipients are resolved from groups of the organization tree and
saved lists when it is submitted for approval; what was approved (the text, the
frozen recipient list and the time) is covered by the approval's content hash.
Sending splits the recipients into ``Batch`` rows written before anything is
sent; a worker claims one batch at a time and records what the provider
accepted in the same transaction as the claim, so a retry or a second click
never sends a batch twice.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.dates import format_datetime


class Contact(models.Model):
    """One person of the province's staff list, imported from Excel/CSV or typed in."""

    class Position(models.TextChoices):
        STAFF = "staff", _("Staff")
        CHIEF_PHYSICIAN = "chief_physician", _("Chief physician")
        UNIT_HEAD = "unit_head", _("Unit head")

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, default=Position.STAFF)
    mobile = models.CharField(_("mobile phone"), max_length=13)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    # KVKK: the two dates are shown only to the press unit; they feed the birthday and anniversary rules.
    start_date = models.DateField(_("started work on"), null=True, blank=True)
    opted_out = models.BooleanField(
        _("opted out"), default=False, help_text=_("Receives only official duty notices, no greetings.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff contact")
        verbose_name_plural = _("staff contacts")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["province", "mobile"], name="sms_contact_one_per_mobile")]

    def __str__(self) -> str:
        return self.name


class OutsidePerson(models.Model):
    """Someone not on the staff list (a journalist, a muhtar) who agreed to receive the unit's messages.

    Reached only through a saved list and only by message kinds that allow outside recipients (never an
    official duty notice); an opt-out is always honoured. The consent's source is kept (KVKK)."""

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=100, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=13)
    consent_source = models.CharField(
        _("consent source"), max_length=300, help_text=_("How and when the person agreed to receive SMS.")
    )
    opted_out = models.BooleanField(_("opted out"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outside recipient")
        verbose_name_plural = _("outside recipients")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["province", "mobile"], name="sms_outside_one_per_mobile")]

    def __str__(self) -> str:
        return self.name


class SavedList(models.Model):
    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    contacts = models.ManyToManyField(Contact, verbose_name=_("contacts"), related_name="lists", blank=True)
    outside = models.ManyToManyField(
        OutsidePerson, verbose_name=_("outside recipients"), related_name="lists", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class StandingRule(models.Model):
    """A birthday or work-anniversary rule: each morning the beat prepares the day's campaign for approval."""

    class Kind(models.TextChoices):
        BIRTHDAY = "birthday", _("Birthday greeting")
        ANNIVERSARY = "anniversary", _("Work anniversary greeting")

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("message"), max_length=2000)
    send_time = models.TimeField(_("send at"), default=datetime.time(10, 0))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("standing rule")
        verbose_name_plural = _("standing rules")
        ordering = ["kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class Campaign(models.Model):
    class Kind(models.TextChoices):
        GREETING = "greeting", _("Special day greeting")
        CONDOLENCE = "condolence", _("Condolence")
        THANKS = "thanks", _("Thank-you")
        ANNOUNCEMENT = "announcement", _("Announcement")
        REMINDER = "reminder", _("Meeting reminder")
        DUTY = "duty", _("Official duty notice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVAL = "approval", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    EDITABLE = (Status.DRAFT, Status.APPROVAL, Status.APPROVED)

    approval_process_code = "3.14"

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit that prepares the campaign; its approval chain applies."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.ANNOUNCEMENT)
    text = models.TextField(_("message"), max_length=2000)
    groups = models.JSONField(_("groups"), default=list, blank=True)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    pause_reason = models.CharField(_("pause reason"), max_length=300, blank=True)
    recipients_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    details_deleted_at = models.DateTimeField(_("delivery details deleted at"), null=True, blank=True)
    kept_counts = models.JSONField(_("counts kept after deletion"), default=dict, blank=True)
    rule = models.ForeignKey(
        StandingRule,
        verbose_name=_("standing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    rule_date = models.DateField(_("day of the rule"), null=True, blank=True)

    flows = GenericRelation("approvals.ApprovalFlow", related_query_name="sms_campaign")

    class Meta:
        verbose_name = _("SMS campaign")
        verbose_name_plural = _("SMS campaigns")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "scheduled_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "rule_date"], name="sms_campaign_one_per_rule_day", condition=Q(rule__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sms:detail", kwargs={"pk": self.pk})

    @property
    def is_duty(self) -> bool:
        return self.kind == self.Kind.DUTY

    # Kinds that may reach outside recipients of saved lists; duty notices and meeting reminders are for staff.
    OUTSIDE_KINDS = ("greeting", "condolence", "thanks", "announcement")

    @property
    def reaches_outside(self) -> bool:
        return self.kind in self.OUTSIDE_KINDS

    # --- approvals -------------------------------------------------------------

    def approval_title(self) -> str:
        return str(_("SMS: %(title)s") % {"title": self.title})

    def approval_content(self) -> dict[str, Any]:
        """What approvers approve: the text, the frozen recipient list (its hash and count) and the time."""
        count = self.recipients.filter(retry_of__isnull=True).count()  # resends come after approval
        return {
            "title": self.title,
            "kind": self.kind,
            "text": self.text,
            "groups": self.groups,
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else "",
            "scheduled_at_local": format_datetime(self.scheduled_at, empty=""),
            "recipients": count,
            "recipients_hash": self.recipients_hash,
        }


def new_key() -> str:
    """A batch's idempotency key: sent with every attempt of the batch (Verimor ``custom_id``)."""
    return uuid.uuid4().hex


class Batch(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    key = models.CharField(_("idempotency key"), max_length=64, default=new_key, editable=False)
    provider_ref = models.CharField(_("provider reference"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # A short lease taken before waiting for the provider's rate limit, so that a second worker on the same
    # campaign moves to the next batch instead of spending a token on this one. Not the send claim itself
    # (that is the row lock in ``actions.send_batch``); an expired lease only costs a token, never a duplicate.
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True, editable=False)
    # Temporary provider errors in a row (a timeout, a server error, a rate-limit answer): retried automatically
    # with backoff (``leased_until`` is then the time of the next attempt) up to ``SMS_RETRY_ATTEMPTS`` times,
    # then the campaign pauses. Reset when staff resume the campaign.
    failures = models.PositiveSmallIntegerField(_("failed attempts in a row"), default=0)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="sms_batch_number")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.number}"


class Recipient(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        NOT_DELIVERED = "not_delivered", _("Not delivered")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")
        RETRIED = "retried", _("Resent")

    FINAL = (Status.DELIVERED, Status.NOT_DELIVERED, Status.EXPIRED, Status.REJECTED, Status.FAILED, Status.RETRIED)
    # Failures a second attempt may cure (the phone was off or out of reach): resent once after the report.
    TEMPORARY = (Status.NOT_DELIVERED, Status.EXPIRED)

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="recipients"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="recipients"
    )
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=100, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=13)
    text = models.TextField(_("message"))
    parts = models.PositiveSmallIntegerField(_("parts"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    message_ref = models.CharField(_("provider message id"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    # The second attempt of a message the delivery report marked temporarily failed (``TEMPORARY``): a new row
    # in a new batch with its own idempotency key; the original is marked ``retried``. One resend per message.
    retry_of = models.OneToOneField(
        "self",
        verbose_name=_("resend of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resend",
        editable=False,
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "mobile"], condition=Q(retry_of__isnull=True), name="sms_recipient_once"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return self.name


class RateBucket(models.Model):
    """The token bucket of one provider's request limit, shared by every worker (one row per provider)."""

    provider = models.CharField(max_length=20, unique=True)
    tokens = models.FloatField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rate limit bucket")
        verbose_name_plural = _("rate limit buckets")

    def __str__(self) -> str:
        return self.provider


class DryRunMessage(models.Model):
    """What the training provider (``providers/dry_run.py``) "sent": the outbox of a dry run, in the database so
    that the campaign page shows it and a delivery report read by another worker process finds it. Nothing
    leaves the server. Deleted with its recipient (the retention rule)."""

    key = models.CharField(_("idempotency key"), max_length=64, db_index=True)
    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dry_run_messages",
    )
    mobile = models.CharField(_("mobile phone"), max_length=13)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("training message")
        verbose_name_plural = _("training messages")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["key", "mobile"], name="sms_dry_run_once_per_key")]

    def __str__(self) -> str:
        return f"{self.key}/{self.pk}"
