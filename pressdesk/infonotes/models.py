"""Information-note cases (bilgi notu, processes 3.2 and 1.4).

A ``Case`` starts from a monitored story or from a request of the Ministry.
The unit writes an official request letter (``documents.Letter``) to the
institution concerned; the institution answers with an ``InfoNote`` (approvable
through ``approvals``: the director approves, 1.4.4); the approved note is
e-mailed to the Ministry, the General Directorate and/or the Governorship as a
``Dispatch`` whose content is a frozen copy of the approved version. Every step
is a ``CaseEvent`` row (who, when).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.organizations.models import AFFILIATE_KINDS, OrganizationKind

NOTE_PROCESS_CODE = "1.4"

# Who can be asked for an information note: the affiliated institutions
# (hospitals, district directorates, 112) and the directorate's presidencies
# (Başkanlıklar, process 1.4.3 "konuyla ilgili başkanlık ile irtibata geçilerek").
ASKABLE_KINDS = (*AFFILIATE_KINDS, OrganizationKind.PRESIDENCY)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WAITING_INSTITUTION = "waiting_institution", _("Waiting for the institution")
        WAITING_APPROVAL = "waiting_approval", _("Waiting for approval")
        SENT = "sent", _("Sent")
        CLOSED = "closed", _("Closed")

    class Origin(models.TextChoices):
        STORY = "story", _("A story in the media")
        MINISTRY = "ministry", _("A request of the Ministry")

    ACTIVE = (Status.OPEN, Status.WAITING_INSTITUTION, Status.WAITING_APPROVAL, Status.SENT)

    title = models.CharField(_("subject"), max_length=255)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.STORY)
    story = models.ForeignKey(
        "monitoring.Story", verbose_name=_("story"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    ministry_reference = models.CharField(
        _("Ministry's reference"), max_length=200, blank=True, help_text=_("Their letter's number and date, or e-mail.")
    )
    ministry_requested_at = models.DateField(_("requested by the Ministry on"), null=True, blank=True)
    ministry_deadline = models.DateField(_("Ministry's deadline"), null=True, blank=True)
    request_letter = models.OneToOneField(
        "documents.Letter",
        verbose_name=_("request letter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline_days = models.PositiveSmallIntegerField(_("deadline (business days)"), default=5)
    request_sent_at = models.DateTimeField(_("request sent at"), null=True, blank=True)
    deadline = models.DateField(_("institution's deadline"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    ministry_reminded_on = models.DateField(null=True, blank=True, editable=False)
    escalated_on = models.DateField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("information-note case")
        verbose_name_plural = _("information-note cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["organization", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("infonotes:detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.status == self.Status.WAITING_INSTITUTION and self.deadline and self.deadline < today:
            return True
        return bool(
            self.status in (self.Status.OPEN, self.Status.WAITING_INSTITUTION, self.Status.WAITING_APPROVAL)
            and self.ministry_deadline
            and self.ministry_deadline < today
        )


def case_file_path(instance: CaseFile, filename: str) -> str:
    return f"infonotes/{instance.case_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class CaseFile(models.Model):
    """A file of the case: the Ministry's request, or an attachment of the note. Never deleted once sent."""

    class Purpose(models.TextChoices):
        MINISTRY_REQUEST = "ministry_request", _("The Ministry's request")
        NOTE = "note", _("Attachment of the note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    file = models.FileField(_("file"), upload_to=case_file_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class InfoNote(models.Model):
    """The institution's information note, as the director approves it (approvable)."""

    class Via(models.TextChoices):
        SYSTEM = "system", _("Written in the system by the institution")
        EBYS = "ebys", _("Received by EBYS")
        EMAIL = "email", _("Received by e-mail")

    approval_process_code = NOTE_PROCESS_CODE

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="note")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text of the note"))
    via = models.CharField(_("received"), max_length=10, choices=Via.choices, default=Via.SYSTEM)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("information note")
        verbose_name_plural = _("information notes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("infonotes:detail", args=[self.case_id])

    def attachments(self) -> list[CaseFile]:
        return [f for f in self.case.files.all() if f.purpose == CaseFile.Purpose.NOTE and f.removed_at is None]

    # --- approvable -----------------------------------------------------------------
    def approval_title(self) -> str:
        return self.title

    def approval_content(self) -> dict[str, Any]:
        """What the director approves: the text and the files (by name and hash)."""
        return {
            "title": self.title,
            "body": self.body,
            "institution": self.case.institution.name if self.case.institution else "",
            "attachments": [
                {"id": f.pk, "name": f.original_name, "sha256": f.sha256, "size": f.size} for f in self.attachments()
            ],
        }


class CaseEvent(models.Model):
    """One step of a case's timeline. Rows are never changed or deleted."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        DIRECTOR_INFORMED = "director_informed", _("Director informed")
        LETTER_DRAFTED = "letter_drafted", _("Request letter drafted")
        REQUEST_SENT = "request_sent", _("Request letter sent (EBYS)")
        REMINDED = "reminded", _("Reminder sent before the deadline")
        ESCALATED = "escalated", _("Overdue: escalated")
        ANSWERED = "answered", _("Information note received")
        NOTE_EDITED = "note_edited", _("Note edited by the unit")
        NOTE_SUBMITTED = "note_submitted", _("Note submitted for approval")
        NOTE_REOPENED = "note_reopened", _("Note reopened for a new version")
        NOTE_SENT = "note_sent", _("Note sent")
        MAIL_DELIVERED = "mail_delivered", _("E-mail delivered")
        MAIL_FAILED = "mail_failed", _("E-mail failed")
        REPLY = "reply", _("Reply recorded")
        CLOSED = "closed", _("Case closed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"]), models.Index(fields=["kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Dispatch(models.Model):
    """One sending of the approved note: a frozen copy of what was sent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="dispatches")
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    file_ids = models.JSONField(default=list)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"


class DispatchRecipient(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry press office")
        GENERAL_DIRECTORATE = "general_directorate", _("General Directorate press unit")
        GOVERNORSHIP = "governorship", _("Governorship")

    class Status(models.TextChoices):
        PENDING = "pending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("recipient"), max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    reply_at = models.DateField(_("reply date"), null=True, blank=True)
    reply_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dispatch", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.email
