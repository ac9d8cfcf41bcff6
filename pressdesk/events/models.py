"""Events of the press unit (processes 3.8, 3.9, 3.12): openings, ceremonies, press conferences and
interviews with their hall, the directorate's attendees, the preparation checklist, the protocol
seating, and the press invitations with the invitees' answers.

Invitees are a list (name, outlet, e-mail, phone), each optionally the media-relations
module's ``MediaContact`` it was picked from. Afterwards an event keeps its press conference and
interview slots, its photos (assets of the creative library), the news story drafted from it
and the SMS campaign that invited the press by phone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    OPENING = "opening", _("Opening of a hospital or unit")
    CEREMONY = "ceremony", _("Ceremony")
    CAMPAIGN = "campaign", _("Campaign launch")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    INTERVIEW = "interview", _("Interview")
    TRAINING = "training", _("Training")
    VISIT = "visit", _("Visit")
    OTHER = "other", _("Other")


class Hall(models.Model):
    """A hall of the directorate, with its capacity and equipment."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    equipment = models.TextField(_("equipment"), max_length=2000, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProtocolRank(models.Model):
    """The state protocol order offered as the starting seating order (admin-maintained data)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("protocol rank")
        verbose_name_plural = _("protocol ranks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OPENING)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees from the directorate"), blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_press = models.CharField(_("expected press"), max_length=300, blank=True)
    budget_notes = models.TextField(_("budget notes"), max_length=3000, blank=True)
    press_kit_url = models.URLField(_("press kit link"), blank=True, help_text=_("Photos and the statement, shared."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    invitation_text = models.TextField(_("invitation text"), max_length=5000, blank=True)
    invitation_note = models.TextField(_("information note"), max_length=2000, blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    summary = models.TextField(
        _("what happened"), max_length=5000, blank=True, help_text=_("For the event report, after the event.")
    )
    press_kit_text = models.TextField(
        _("press kit text"), max_length=5000, blank=True, help_text=_("The statement e-mailed to the press.")
    )
    press_kit_key = models.CharField(_("press kit page key"), max_length=64, blank=True, editable=False)
    story = models.ForeignKey(
        "publishing.NewsStory",
        verbose_name=_("news story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sms_campaign = models.ForeignKey(
        "sms.Campaign",
        verbose_name=_("SMS invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    approval_process_code = "3.8"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["organization", "start"]),
            models.Index(fields=["hall", "start"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def where(self) -> str:
        return self.hall.name if self.hall_id and self.hall else self.address

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    # --- approvals (the press invitation goes through the chain) ---------------------------

    def approval_title(self) -> str:
        return str(_("Press invitation: %(title)s") % {"title": self.title})

    def approval_content(self) -> dict[str, str]:
        return {
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "where": self.where,
            "text": self.invitation_text,
            "note": self.invitation_note,
        }


class ChecklistItem(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(_("item"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    design_request = models.ForeignKey(
        "creative.DesignRequest",
        verbose_name=_("design request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Seat(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="seats")
    table = models.CharField(_("table"), max_length=40)
    seat = models.PositiveSmallIntegerField(_("seat"), default=1)
    name = models.CharField(_("guest"), max_length=200)
    rank = models.ForeignKey(
        ProtocolRank,
        verbose_name=_("protocol rank"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["table", "seat", "pk"]

    def __str__(self) -> str:
        return self.name


class Invitee(models.Model):
    """A journalist on the event's press list, picked from the media contacts or typed in."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(_("name"), max_length=200)
    outlet = models.ForeignKey(
        "monitoring.Outlet",
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outlet_name = models.CharField(_("outlet (free text)"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact = models.ForeignKey(
        "mediarelations.MediaContact",
        verbose_name=_("media contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    press_kit_queued_at = models.DateTimeField(_("press kit queued at"), null=True, blank=True)
    press_kit_sent_at = models.DateTimeField(_("press kit sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def outlet_label(self) -> str:
        return self.outlet.name if self.outlet_id and self.outlet else self.outlet_name


class Invitation(models.Model):
    """One e-mailed invitation per invitee: its hashed personal link and the latest answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        YES = "yes", _("Attends")
        NO = "no", _("Does not attend")

    invitee = models.OneToOneField(
        Invitee, verbose_name=_("invitee"), on_delete=models.CASCADE, related_name="invitation"
    )
    token_hash = models.CharField(_("link fingerprint"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    people = models.PositiveSmallIntegerField(_("number of people"), default=0)
    camera_crew = models.BooleanField(_("camera crew"), default=False)
    needs_transport = models.BooleanField(_("needs transport"), default=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    vehicle = models.ForeignKey(
        "Vehicle", verbose_name=_("vehicle"), null=True, blank=True, on_delete=models.SET_NULL, related_name="riders"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["answer"])]

    def __str__(self) -> str:
        return str(self.invitee)


class Answer(models.Model):
    """Every answer given through a link, kept (the log)."""

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="answers"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Invitation.Answer.choices)
    people = models.PositiveSmallIntegerField(_("number of people"), default=0)
    camera_crew = models.BooleanField(_("camera crew"), default=False)
    needs_transport = models.BooleanField(_("needs transport"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.answer


class Vehicle(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="vehicles")
    name = models.CharField(_("vehicle"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    driver = models.CharField(_("driver"), max_length=200, blank=True)
    departure_point = models.CharField(_("departure point"), max_length=200)
    departure_at = models.DateTimeField(_("departure time"))

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["departure_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    """A press conference or an interview of the event (3.9): who, on what, with which questions,
    and the published result afterwards."""

    class Kind(models.TextChoices):
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        INTERVIEW = "interview", _("Interview")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INTERVIEW)
    start = models.DateTimeField(_("time"))
    journalist = models.CharField(_("journalist"), max_length=200, blank=True)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300)
    questions = models.TextField(_("questions received in advance"), max_length=5000, blank=True)
    spokesperson = models.CharField(_("spokesperson"), max_length=200, blank=True)
    result_url = models.URLField(_("published result"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("press conference or interview")
        verbose_name_plural = _("press conferences and interviews")
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return self.topic


class EventPhoto(models.Model):
    """A photo of the event, kept as an asset of the creative library (tagged with the event)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos")
    asset = models.ForeignKey("creative.Asset", verbose_name=_("asset"), on_delete=models.CASCADE, related_name="+")
    in_press_kit = models.BooleanField(_("in the press kit"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "asset"], name="events_photo_unique_asset")]

    def __str__(self) -> str:
        return str(self.asset_id)


class Agenda(models.Model):
    """The agenda of a press conference or interview (3.9.2) with its documents (3.9.3).

    It goes through the approval chain of process 3.9 on its own; the approved content (items, the
    SHA-256 of each document, and the event's interview and press-conference slots with their
    journalist, questions and spokesperson) is frozen by its hash, and a change after approval
    reopens it.
    """

    event = models.OneToOneField(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    approval_process_code = "3.9"

    class Meta:
        verbose_name = _("press conference agenda")
        verbose_name_plural = _("press conference agendas")

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.event_id]) + "#agenda"

    def approval_title(self) -> str:
        return str(_("Agenda: %(title)s") % {"title": self.event.title})

    def approval_content(self) -> dict[str, object]:
        return {
            "title": self.event.title,
            "start": self.event.start.isoformat(),
            "items": [
                {"topic": item.topic, "speaker": item.speaker, "minutes": item.minutes}
                for item in self.items.order_by("position", "pk")
            ],
            "documents": [
                {"name": doc.name, "sha256": doc.sha256} for doc in self.documents.order_by("uploaded_at", "pk")
            ],
            # The interviews and press conferences of the event: who asks, what, and who answers.
            "slots": [
                {
                    "kind": slot.kind,
                    "start": slot.start.isoformat(),
                    "topic": slot.topic,
                    "journalist": slot.journalist,
                    "outlet": slot.outlet,
                    "questions": slot.questions,
                    "spokesperson": slot.spokesperson,
                }
                for slot in self.event.slots.order_by("start", "pk")
            ],
        }


class AgendaItem(models.Model):
    agenda = models.ForeignKey(Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    topic = models.CharField(_("topic"), max_length=300)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=5)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.topic


class AgendaDocument(models.Model):
    agenda = models.ForeignKey(Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to="events/agenda/")
    sha256 = models.CharField(_("fingerprint"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class EventCoverage(models.Model):
    """A correction by hand of the event's coverage (``queries.coverage_of``): a monitored news item
    added that the matching missed, or a match removed (kept, so it is never shown again)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="coverage")
    item = models.ForeignKey("monitoring.Item", verbose_name=_("news item"), on_delete=models.CASCADE, related_name="+")
    removed = models.BooleanField(_("removed by hand"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("coverage correction")
        verbose_name_plural = _("coverage corrections")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "item"], name="events_coverage_once")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.item_id}"
