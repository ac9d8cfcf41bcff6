"""The director's office (processes 3.15 and 3.16): meetings and their series, participants,
agenda requests, minutes (approvable, frozen once signed), numbered decisions followed up by
their owner institutions, the letters drafted from a meeting, and the VTC rooms with their
connection tests and faults.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BOARD = "board", _("Management board")
    COORDINATION = "coordination", _("Coordination with hospitals")
    COMMISSION = "commission", _("Commission")
    EXTERNAL = "external", _("External meeting")
    VTC = "vtc", _("VTC session")


class Series(models.Model):
    """A recurring meeting: the occurrences are generated idempotently (one per date)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month on the n-th weekday")

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(_("recurrence"), max_length=10, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), help_text=_("0 = Monday … 6 = Sunday"))
    week_of_month = models.PositiveSmallIntegerField(_("week of the month"), default=1)
    template = models.ForeignKey(
        "Meeting", verbose_name=_("first meeting"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    until = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class VtcRoom(models.Model):
    """A video teleconference room and its devices (3.16.1)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    devices = models.TextField(_("devices"), max_length=2000, blank=True)
    connection = models.CharField(_("connection details"), max_length=300, blank=True)
    test_every_days = models.PositiveSmallIntegerField(_("test every (days)"), default=30)
    is_active = models.BooleanField(_("active"), default=True)
    # A room never tested is due for its test from the moment it was added.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("VTC room")
        verbose_name_plural = _("VTC rooms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:room", args=[self.pk])


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.BOARD)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("The hall, or leave empty for a VTC room.")
    )
    room = models.ForeignKey(
        VtcRoom, verbose_name=_("VTC room"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    connection = models.CharField(_("connection details"), max_length=300, blank=True)
    closed = models.BooleanField(
        _("closed (kapalı)"), default=False, help_text=_("Only the participants and the organiser see its content.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    series = models.ForeignKey(
        Series, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    occurrence = models.DateField(_("occurrence"), null=True, blank=True)
    agenda_deadline = models.DateTimeField(_("agenda requests until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    agenda_approved_at = models.DateTimeField(_("agenda approved at"), null=True, blank=True)
    agenda_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agenda approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The iCal invitation e-mailed to the participants (3.15.2): its UID is "meeting-<pk>@pressdesk";
    # SEQUENCE goes up with every change sent after the first invitation (and with a cancellation).
    invited_at = models.DateTimeField(_("invitations e-mailed at"), null=True, blank=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start", "-pk"]
        constraints = [models.UniqueConstraint(fields=["series", "occurrence"], name="meetings_one_per_occurrence")]
        indexes = [models.Index(fields=["organization", "start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def where(self) -> str:
        return self.room.name if self.room_id and self.room else self.place


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("outside person"), max_length=200, blank=True)
    signs = models.BooleanField(_("signs the minutes"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.user_id and self.user:
            return self.user.get_full_name() or self.user.username
        if self.institution_id and self.institution:
            return self.institution.name
        return self.name


class AgendaRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the secretariat")
        ACCEPTED = "accepted", _("On the agenda")
        MERGED = "merged", _("Merged")
        DECLINED = "declined", _("Declined")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_requests")
    topic = models.CharField(_("topic"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200)
    minutes_needed = models.PositiveSmallIntegerField(_("time needed (minutes)"), default=10)
    attachment = models.FileField(_("attachment"), upload_to="meetings/agenda/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.TextField(_("minutes notes"), max_length=8000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda request")
        verbose_name_plural = _("agenda requests")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.topic


class ChecklistItem(models.Model):
    """The hall and materials (3.15.4): one thing to prepare, its owner, done or not."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(_("item"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Minutes(models.Model):
    """The minutes (tutanak) of a meeting, one row per version; a signed version is frozen."""

    approval_process_code = "3.15"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("general notes"), max_length=20000, blank=True)
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="meetings_minutes_version")]

    def __str__(self) -> str:
        return f"{self.meeting.title} ({self.version})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes", args=[self.meeting_id])

    def approval_title(self) -> str:
        if self.meeting.closed:  # approval lists and İşlerim are read by the whole unit
            return str(_("Minutes of a closed meeting (version %(version)d)") % {"version": self.version})
        return str(
            _("Minutes: %(title)s (version %(version)d)") % {"title": self.meeting.title, "version": self.version}
        )

    def approval_content(self) -> dict[str, Any]:
        from pressdesk.meetings.rendering import minutes_content

        return minutes_content(self)


class Decision(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"), max_length=4000)
    owner = models.ForeignKey(
        "organizations.Organization", verbose_name=_("owner institution"), on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="meetings_decision_number")]
        indexes = [models.Index(fields=["owner", "status", "due"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:decision", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due < timezone.localdate()


class Progress(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField(_("progress"), max_length=4000)
    done = models.BooleanField(_("done"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return self.note[:80]


class MeetingLetter(models.Model):
    class Purpose(models.TextChoices):
        NOTICE = "notice", _("Meeting notice")
        DECISIONS = "decisions", _("Decision letter")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="letters")
    letter = models.OneToOneField("documents.Letter", on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    institution = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.letter_id)


class VtcTest(models.Model):
    """A periodic connection test of a VTC room (3.16.2)."""

    class Result(models.TextChoices):
        OK = "ok", _("Works")
        DEGRADED = "degraded", _("Works with problems")
        FAILED = "failed", _("Failed")

    room = models.ForeignKey(VtcRoom, on_delete=models.CASCADE, related_name="tests")
    tested_at = models.DateTimeField(_("tested at"), default=timezone.now)
    tested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tested by"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    quality_notes = models.TextField(_("quality notes"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("connection test")
        verbose_name_plural = _("connection tests")
        ordering = ["-tested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.room} {self.tested_at:%Y-%m-%d}"


class VtcReminder(models.Model):
    """A VTC reminder already sent: one per room (or session), kind and due moment, written in the
    same transaction as its notification, so a second beat tick, a retry or a concurrent run sends
    nothing more (the unique constraints refuse the second row)."""

    class Kind(models.TextChoices):
        TEST_DUE = "test_due", _("The room is due for its connection test")
        BEFORE_SESSION = "before_session", _("Test the room before a session")

    room = models.ForeignKey(VtcRoom, on_delete=models.CASCADE, related_name="reminders")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The room's test due moment (last test + interval), or the session's start.
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("VTC reminder")
        verbose_name_plural = _("VTC reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "kind", "due_at"],
                condition=models.Q(meeting__isnull=True),
                name="meetings_one_room_reminder_per_due_moment",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind", "due_at"],
                condition=models.Q(meeting__isnull=False),
                name="meetings_one_session_reminder_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class VtcFault(models.Model):
    room = models.ForeignKey(VtcRoom, on_delete=models.CASCADE, related_name="faults")
    test = models.OneToOneField(VtcTest, null=True, blank=True, on_delete=models.SET_NULL, related_name="fault")
    description = models.TextField(_("fault"), max_length=2000)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    resolution = models.TextField(_("resolution"), max_length=2000, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("VTC fault")
        verbose_name_plural = _("VTC faults")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.description[:80]


class CalendarFeed(models.Model):
    """A user's secret address of their agenda as iCal, for a calendar application (stored hashed)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user_id)


class InvitationEmail(models.Model):
    """One iCal invitation (or cancellation) e-mailed to one participant: a retried send skips it."""

    class Method(models.TextChoices):
        REQUEST = "REQUEST", _("Invitation e-mail")
        CANCEL = "CANCEL", _("Cancellation e-mail")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitation_emails")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    sequence = models.PositiveIntegerField()
    method = models.CharField(max_length=8, choices=Method.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # A participant removed without a change the calendar shows gets a CANCEL at the same
            # SEQUENCE as the REQUEST they had (invitations.send).
            models.UniqueConstraint(
                fields=["meeting", "recipient", "sequence", "method"], name="meetings_one_invitation_per_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.method} #{self.sequence} → {self.email}"
