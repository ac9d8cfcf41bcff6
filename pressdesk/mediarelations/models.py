"""Media relations (Denizli duties 5 and 6, processes 3.7 and 3.10): press contacts, lists, relations log.

A ``MediaContact`` belongs to a province and to the institution that keeps it
(the unit, or a hospital's press officer); a hospital's contacts are seen by
the unit and by that hospital, other institutions see them only when the unit
shares them. Personal data (KVKK): every contact records its lawful basis and
source; an unsubscribed contact gets no press e-mail; an erased contact keeps
its row (so counts stay right) with every personal field emptied, and its
relation log loses its notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="mediarelations_tag_unique")]

    def __str__(self) -> str:
        return self.name


class MediaContact(models.Model):
    class Role(models.TextChoices):
        JOURNALIST = "journalist", _("Journalist")
        EDITOR = "editor", _("Editor")
        CORRESPONDENT = "correspondent", _("Correspondent")
        AGENCY = "agency", _("News agency office")
        PROGRAMME_MAKER = "programme_maker", _("TV/radio programme maker")
        OPINION_LEADER = "opinion_leader", _("Opinion leader")

    class Format(models.TextChoices):
        ANY = "", _("No preference")
        TEXT = "text", _("Text")
        PHOTO = "photo", _("Text with photos")
        VIDEO = "video", _("Video footage")

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", _("Explicit consent")
        PUBLIC = "public", _("Made public by the person")
        LEGITIMATE = "legitimate", _("Legitimate interest")
        DUTY = "duty", _("Legal duty")

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The institution that keeps this contact."),
    )
    shared = models.BooleanField(
        _("shared with the institutions"),
        default=False,
        help_text=_("The institutions' press officers of the province see a shared contact too."),
    )
    name = models.CharField(_("name"), max_length=150)
    outlet = models.ForeignKey(
        "monitoring.Outlet",
        verbose_name=_("outlet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.JOURNALIST)
    beat = models.CharField(_("beat"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=13, blank=True)
    phone = models.CharField(_("other phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    social = models.CharField(_("social media accounts"), max_length=300, blank=True)
    preferred_format = models.CharField(
        _("preferred format"), max_length=10, choices=Format.choices, default=Format.ANY, blank=True
    )
    language = models.CharField(_("language"), max_length=10, default="tr", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_key = models.BooleanField(_("key contact"), default=False)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=12, choices=LawfulBasis.choices, default=LawfulBasis.LEGITIMATE
    )
    data_source = models.CharField(
        _("source of the data"), max_length=200, blank=True, help_text=_("Where the contact details came from.")
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="contacts", blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("last bounce at"), null=True, blank=True)
    bounce_count = models.PositiveIntegerField(_("bounces"), default=0)
    email_invalid_at = models.DateTimeField(
        _("e-mail flagged invalid at"),
        null=True,
        blank=True,
        help_text=_("Set after repeated permanent bounces; no press e-mail goes to the address until it is changed."),
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["province", "name"], name="mediarel_contact_prov_name"),
            models.Index(fields=["province", "email"], name="mediarel_contact_prov_email"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def receives_email(self) -> bool:
        return (
            bool(self.email)
            and self.unsubscribed_at is None
            and self.erased_at is None
            and self.email_invalid_at is None
        )


class MediaList(models.Model):
    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    contacts = models.ManyToManyField(MediaContact, verbose_name=_("contacts"), related_name="lists", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("media list")
        verbose_name_plural = _("media lists")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Interaction(models.Model):
    """One entry of the relations log (Denizli duty 6)."""

    class Kind(models.TextChoices):
        VISIT_MADE = "visit_made", _("Visit made")
        VISIT_RECEIVED = "visit_received", _("Visit received")
        CALL = "call", _("Phone call")
        MEETING = "meeting", _("Meeting")
        GIFT = "gift", _("Gift or plaque")
        OTHER = "other", _("Other")

    contact = models.ForeignKey(
        MediaContact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.CALL)
    happened_on = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=150, blank=True, help_text=_("A special day, an event…"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("took part from the directorate"), related_name="+", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("relations log entry")
        verbose_name_plural = _("relations log entries")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["contact", "-happened_on"], name="mediarel_interaction_contact")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d.%m.%Y}"


class Release(models.Model):
    """A press bulletin (process 3.7) or a press statement (process 3.10), approved, then e-mailed to lists."""

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("Press bulletin")
        STATEMENT = "statement", _("Press statement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVAL = "approval", _("In the approval chain")
        SENT = "sent", _("Sent")

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.BULLETIN)
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), blank=True)
    contact_person = models.CharField(
        _("contact person"), max_length=200, blank=True, help_text=_("Name and phone the press may call.")
    )
    embargo_until = models.DateTimeField(
        _("embargo until"), null=True, blank=True, help_text=_("Not to be published before this time.")
    )
    needs_external = models.BooleanField(
        _("external approvals"),
        default=False,
        help_text=_("The Ministry's, General Directorate's and Governorship's press units approve it too."),
    )
    match_terms = models.CharField(
        _("matching terms"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated words that mark a news item as carrying this release, e.g. a project's name."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["province", "status", "sent_at"], name="mediarel_release_sent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("mediarelations:release", args=[self.pk])

    @property
    def approval_process_code(self) -> str:
        return "3.7" if self.kind == self.Kind.BULLETIN else "3.10"

    def approval_title(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def approval_content(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "title": self.title,
            "lead": self.lead,
            "contact_person": self.contact_person,
            "embargo_until": self.embargo_until.isoformat() if self.embargo_until else "",
            "items": [
                {"title": item.title, "text": item.text, "photos": list(item.photos)}
                for item in self.items.order_by("order", "pk")
            ],
        }

    @property
    def under_embargo(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()


class ReleaseItem(models.Model):
    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    origin = models.CharField(_("taken from"), max_length=100, blank=True)
    photos = models.JSONField(_("photos"), default=list, blank=True)
    signature = models.BinaryField(blank=True, default=b"", editable=False)
    shingles = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("release item")
        verbose_name_plural = _("release items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One e-mail of a release to one contact; written before anything is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="deliveries")
    contact = models.ForeignKey(
        MediaContact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    outlet_name = models.CharField(_("outlet"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(_("error"), max_length=500, blank=True)
    with_kit_link = models.BooleanField(_("media-kit link instead of attachments"), default=False)
    resent = models.BooleanField(_("resent once"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["release", "email"], name="mediarelations_delivery_once_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Coverage(models.Model):
    """A monitored news item that carries a sent release (3.7.3), found by similarity or added by hand."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="coverage")
    item = models.ForeignKey("monitoring.Item", verbose_name=_("news item"), on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("similarity"), default=0)
    kept_share = models.FloatField(_("share of the text kept"), default=0)
    manual = models.BooleanField(_("added by hand"), default=False)
    removed = models.BooleanField(_("removed by hand"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["release", "item"], name="mediarelations_coverage_once")]

    def __str__(self) -> str:
        return f"{self.release_id} → {self.item_id}"


class Bounce(models.Model):
    """A bounce of a press e-mail, read from the bounce mailbox (a DSN), against the delivery it names."""

    class Kind(models.TextChoices):
        HARD = "hard", _("Permanent")
        SOFT = "soft", _("Temporary")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, null=True, blank=True, related_name="bounces"
    )
    press_delivery = models.ForeignKey(
        "publishing.PressDelivery",
        verbose_name=_("press e-mail of a news story"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        MediaContact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bounces",
    )
    email = models.EmailField(_("e-mail"))
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    status = models.CharField(_("status code"), max_length=12, blank=True)
    diagnostic = models.CharField(_("server's message"), max_length=500, blank=True)
    message_id = models.CharField(_("bounce message ID"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id", "email"],
                condition=~models.Q(message_id=""),
                name="mediarelations_bounce_once_per_message",
            )
        ]
        indexes = [models.Index(fields=["contact", "kind"], name="mediarel_bounce_contact_kind")]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_kind_display()})"
