"""The approval chain (paraf → paraf → imza, then external approvals) as data.

Every approvable document has one ``ApprovalFlow``. Each submission freezes
the document's content as an ``ApprovalVersion`` with its hash; each step of
the chain is an ``ApprovalStep`` that remembers the hash it approved; every
act (submit, initial, sign, return, invalidation, external answer) is an
immutable ``ApprovalDecision`` row. State lives in status fields, never in
booleans on the documents.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pressdesk.lib.models import AuthoredStamp


class ApprovalFlow(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In the approval chain")
        RETURNED = "returned", _("Returned to the author")
        EXTERNAL = "external", _("Waiting for external approvals")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected by an external unit")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EDITABLE = (Status.DRAFT, Status.RETURNED, Status.REJECTED)

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=255)
    process = models.ForeignKey("organizations.Process", verbose_name=_("process"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    chain_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("approving line"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organization whose chain of command initials and signs."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    needs_external = models.BooleanField(_("goes to the press (external approvals needed)"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("approval flow")
        verbose_name_plural = _("approval flows")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_flow_per_document")]
        indexes = [models.Index(fields=["status", "organization"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def current_step(self) -> ApprovalStep | None:
        if self.status != self.Status.IN_REVIEW:
            return None
        return self.steps.filter(status=ApprovalStep.Status.CURRENT).first()


class ApprovalVersion(AuthoredStamp):
    """The content exactly as submitted: what approvers read and approve."""

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["flow", "number"]
        constraints = [models.UniqueConstraint(fields=["flow", "number"], name="unique_flow_version")]

    def __str__(self) -> str:
        return f"{self.flow} v{self.number}"


class ApprovalStep(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", pgettext_lazy("approval step", "Initial (paraf)")
        SIGNATURE = "signature", pgettext_lazy("approval step", "Signature (imza)")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CURRENT = "current", _("Waiting for a decision")
        DONE = "done", _("Done")

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=20)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    as_deputy = models.BooleanField(default=False)
    approved_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["flow", "order"]
        constraints = [models.UniqueConstraint(fields=["flow", "order"], name="unique_flow_step_order")]
        indexes = [models.Index(fields=["status", "role"]), models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.flow} #{self.order}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.status == self.Status.CURRENT and self.due_at and self.due_at < timezone.now())

    @property
    def role_label(self) -> str:
        from pressdesk.accounts.models import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role


class ApprovalDecision(models.Model):
    """One act in a flow's history. Rows are never changed or deleted."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        INITIALLED = "initialled", _("Initialled")
        SIGNED = "signed", _("Signed")
        RETURNED = "returned", _("Returned with a comment")
        INVALIDATED = "invalidated", _("Initial no longer valid (content changed)")
        EXTERNAL_SENT = "external_sent", _("Sent for external approval")
        EXTERNAL_APPROVED = "external_approved", _("Approved by an external unit")
        EXTERNAL_REJECTED = "external_rejected", _("Rejected by an external unit")
        ESCALATED = "escalated", _("Overdue, escalated")
        APPROVED = "approved", _("Fully approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened for a new version")

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.CASCADE, related_name="decisions")
    step = models.ForeignKey(ApprovalStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    external = models.ForeignKey(
        "ExternalApproval", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, blank=True)
    as_deputy = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.flow} {self.action}"


def evidence_path(instance: ExternalApproval, filename: str) -> str:
    return f"approvals/{instance.flow_id}/external/{filename}"


class ExternalApproval(models.Model):
    """An approval asked of a unit outside the directorate (Ministry, General Directorate, Governorship)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the answer")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    flow = models.ForeignKey(ApprovalFlow, on_delete=models.CASCADE, related_name="externals")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("external unit"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    required = models.BooleanField(_("required"), default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    version = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external approval")
        verbose_name_plural = _("external approvals")
        ordering = ["flow", "pk"]

    def __str__(self) -> str:
        return f"{self.flow} — {self.organization}"


class ExternalLinkAccess(models.Model):
    """Every use of an external link, good or bad, with address and time."""

    class Outcome(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        DECIDED = "decided", _("Decided")
        EXPIRED = "expired", _("Expired link")
        USED = "used", _("Already used link")
        FORGED = "forged", _("Unknown or forged link")

    external = models.ForeignKey(ExternalApproval, null=True, blank=True, on_delete=models.CASCADE)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.outcome


class Deputyship(AuthoredStamp):
    """A deputy (vekil) acts for a principal during a period and signs as "V."."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("principal"), on_delete=models.CASCADE, related_name="deputyships"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="acting_for"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("deputyship")
        verbose_name_plural = _("deputyships")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="deputyship_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.deputy} → {self.principal}"
