"""TV and radio programmes, filming permits and interviews (processes 3.4 and 1.2).

A ``BroadcastRequest`` comes from either side: a channel or production company
asks for a guest or for filming (entered by the unit), or a member of staff
applies to take part in a programme (entered by themselves). It is approvable:
its chain runs through the guest's own line of command. Every step of its life
is a ``BroadcastEvent`` (the timeline).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pressdesk.lib.dates import format_datetime


def recording_path(instance: BroadcastRequest, filename: str) -> str:
    return f"broadcast/{instance.pk}/recording/{filename}"


class BroadcastRequest(models.Model):
    class Origin(models.TextChoices):
        CHANNEL = "channel", _("A channel's request")
        APPLICATION = "application", _("A staff member's application")

    class Kind(models.TextChoices):
        LIVE = "live", _("Live studio programme")
        RECORDED = "recorded", _("Recorded programme")
        PHONE = "phone", _("Phone link")
        FILMING = "filming", _("Filming at a facility")
        DOCUMENTARY = "documentary", _("Documentary")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("broadcast status", "Received")
        CHECKED = "checked", _("Checked by the unit")
        IN_APPROVAL = "in_approval", _("In approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PERMIT_SENT = "permit_sent", _("Permit letter sent")
        AIRED = "aired", _("Aired")

    CLOSED = (Status.REFUSED, Status.WITHDRAWN, Status.AIRED)
    # The guest is expected at the programme: on the agenda, reminded.
    SCHEDULED = (Status.APPROVED, Status.PERMIT_SENT)

    approval_process_code = "3.4"

    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.CHANNEL)
    outlet = models.ForeignKey(
        "monitoring.Outlet", verbose_name=_("channel or station"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField(_("programme"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LIVE)
    topic = models.CharField(_("topic"), max_length=300)
    questions = models.TextField(_("questions"), blank=True, help_text=_("The questions, if the channel sent them."))
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Studio, facility or address."))
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("guest"), on_delete=models.PROTECT, related_name="+"
    )
    other_guests = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("other guests"), blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("guest's institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requester_name = models.CharField(_("requester"), max_length=200, blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=40, blank=True)
    requester_email = models.EmailField(_("requester's e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    needs_external = models.BooleanField(
        _("needs the Ministry's, General Directorate's and Governorship's approval"), default=False
    )
    decision_comment = models.TextField(_("decision comment"), blank=True)
    proposed_guest = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed spokesperson"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    permit_letter = models.ForeignKey(
        "documents.Letter", verbose_name=_("permit letter"), null=True, blank=True, on_delete=models.SET_NULL
    )
    permit_sent_at = models.DateTimeField(_("permit sent at"), null=True, blank=True)
    announcement = models.ForeignKey(
        "publishing.NewsStory",
        verbose_name=_("announcement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aired_url = models.URLField(_("link to the broadcast"), max_length=500, blank=True)
    aired_minutes = models.PositiveSmallIntegerField(_("minutes on air"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    aired_recorded_at = models.DateTimeField(null=True, blank=True)
    recording = models.FileField(_("recording"), upload_to=recording_path, blank=True, max_length=300)
    recording_name = models.CharField(_("recording's file name"), max_length=255, blank=True)
    archive_item = models.ForeignKey(
        "monitoring.Item",
        verbose_name=_("news item in media monitoring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hour_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("TV/radio request")
        verbose_name_plural = _("TV/radio requests")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organization", "starts_at"]), models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.outlet} — {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("broadcast:detail", args=[self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    # --- approvable -----------------------------------------------------------------
    def approval_title(self) -> str:
        return f"{self.outlet} — {self.programme} ({self.guest})"[:255]

    def approval_content(self) -> dict[str, Any]:
        """What the chain approves: changing any of it after approval needs a new approval."""
        return {
            "outlet": self.outlet.name,
            "programme": self.programme,
            "kind": self.kind,
            "topic": self.topic,
            "questions": self.questions,
            "starts_at": format_datetime(self.starts_at),
            "duration_minutes": self.duration_minutes,
            "place": self.place,
            "guest": str(self.guest),
            "other_guests": sorted(str(user) for user in self.other_guests.all()) if self.pk else [],
            "institution": self.organization.name,
        }


class BroadcastEvent(models.Model):
    """One line of a request's timeline."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Request recorded")
        EDITED = "edited", _("Request changed")
        CHECKED = "checked", _("Checked by the unit")
        SUBMITTED = "submitted", _("Put to the chain of command")
        STEP = "step", _("A step of the chain approved")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        PROPOSED = "proposed", _("Another spokesperson proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REAPPROVAL = "reapproval", _("Changed after approval: needs approval again")
        LETTER = "letter", _("Permit letter drafted")
        PERMIT_SENT = "permit_sent", _("Permit letter sent")
        ANNOUNCED = "announced", _("Announcement drafted")
        REMINDED = "reminded", _("Guest reminded")
        AIRED = "aired", _("Aired")
        RECORDING = "recording", _("Recording uploaded")
        ARCHIVED = "archived", _("Added to media monitoring")

    request = models.ForeignKey(BroadcastRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class BriefingTemplate(models.Model):
    """The briefing pack the unit edits, one per province: key messages, figures, do's and don'ts."""

    province = models.OneToOneField(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("briefing pack"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("briefing pack")
        verbose_name_plural = _("briefing packs")

    def __str__(self) -> str:
        return str(self.province)


class PublicRequest(models.Model):
    """A channel's request sent through the public form: it reaches the unit only once its
    e-mail address is confirmed through the link sent to it. No account is created."""

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    outlet_name = models.CharField(_("channel or production company"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=BroadcastRequest.Kind.choices, default=BroadcastRequest.Kind.LIVE
    )
    topic = models.CharField(_("topic"), max_length=300)
    questions = models.TextField(_("questions"), blank=True, max_length=3000)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    wanted_guest = models.CharField(_("whom you would like as a guest"), max_length=200, blank=True)
    requester_name = models.CharField(_("your name"), max_length=200)
    requester_email = models.EmailField(_("your e-mail"))
    requester_phone = models.CharField(_("your phone"), max_length=40, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    request = models.ForeignKey(
        BroadcastRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="public_requests"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("request through the public form")
        verbose_name_plural = _("requests through the public form")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["province", "confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.outlet_name} — {self.programme}"
