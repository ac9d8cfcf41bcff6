"""The creative studio (processes 3.3, 3.5 and 3.13): design requests and their versions,
the asset library with its renditions, and the health calendar of special days and weeks.
"""

from __future__ import annotations

import datetime
import re
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _upload_to(prefix: str):  # type: ignore[no-untyped-def]
    def upload_to(instance: models.Model, filename: str) -> str:
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"creative/{prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"

    upload_to.__name__ = f"upload_to_{prefix}"
    upload_to.__qualname__ = f"upload_to_{prefix}"
    return upload_to


def reference_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("references")(instance, filename)  # type: ignore[no-any-return]


def version_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("versions")(instance, filename)  # type: ignore[no-any-return]


def preview_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("previews")(instance, filename)  # type: ignore[no-any-return]


def asset_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("assets")(instance, filename)  # type: ignore[no-any-return]


def rendition_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("renditions")(instance, filename)  # type: ignore[no-any-return]


def video_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("videos")(instance, filename)  # type: ignore[no-any-return]


def lf(text: str) -> str:
    """Line breaks as LF (a browser sends a textarea's as CR LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a plain text: blocks separated by a blank line (CR LF or LF)."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", lf(text)) if p.strip()]


class DesignRequest(models.Model):
    """A design asked of the unit by another unit or an affiliated institution (3.3.1)."""

    class Kind(models.TextChoices):
        POSTER = "poster", _("Poster")
        BROCHURE = "brochure", _("Brochure")
        ROLL_UP = "roll_up", _("Roll-up")
        SOCIAL_SET = "social_set", _("Social media post set")
        INVITATION = "invitation", _("Invitation")
        CERTIFICATE = "certificate", _("Certificate")
        SPECIAL_DAY = "special_day", _("Special-day visual")
        PRESENTATION = "presentation", _("Presentation")

    class Medium(models.TextChoices):
        PRINT = "print", _("Print")
        DIGITAL = "digital", _("Digital")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        MORE_INFO = "more_info", _("More information asked")
        ACCEPTED = "accepted", _("Accepted")
        IN_REVIEW = "in_review", _("Draft with the requester")
        CHANGES = "changes", _("Changes asked")
        IN_APPROVAL = "in_approval", _("Final in the approval chain")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        URGENT = 4, _("Urgent")

    OPEN = (Status.NEW, Status.MORE_INFO, Status.ACCEPTED, Status.IN_REVIEW, Status.CHANGES, Status.IN_APPROVAL)

    approval_process_code = "3.3"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=2000)
    texts = models.TextField(_("texts to use"), max_length=10000, blank=True)
    sizes = models.CharField(
        _("sizes and formats"), max_length=300, help_text=_("For example A3, A4, 1080×1080, 1080×1920 (story).")
    )
    medium = models.CharField(_("print or digital"), max_length=10, choices=Medium.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    deadline = models.DateField(_("deadline"))
    special_day = models.ForeignKey(
        "SpecialDay",
        verbose_name=_("special day"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="design_requests",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_comment = models.TextField(_("unit's note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("design request")
        verbose_name_plural = _("design requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "deadline"], name="creative_req_status_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("creative:request", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def approved_version(self) -> Version | None:
        return self.versions.filter(status=Version.Status.APPROVED).order_by("-number").first()

    def approval_title(self) -> str:
        return self.title[:255]

    def approval_content(self) -> dict[str, object]:
        """The final the chain approves: the brief and the approved draft (by its file's hash)."""
        version = self.approved_version()
        digest = ""
        if version is not None:
            import hashlib

            with version.file.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        return {
            "title": self.title,
            "kind": self.get_kind_display(),
            "sizes": self.sizes,
            "medium": self.get_medium_display(),
            "quantity": self.quantity,
            "version": version.number if version else None,
            "sha256": digest,
        }


def delivery_upload_to(instance: models.Model, filename: str) -> str:
    return _upload_to("deliveries")(instance, filename)  # type: ignore[no-any-return]


class Delivery(models.Model):
    """The approved final in one of the requested sizes and formats (3.3.3), made when it is delivered."""

    request = models.ForeignKey(
        DesignRequest, verbose_name=_("design request"), on_delete=models.CASCADE, related_name="deliveries"
    )
    label = models.CharField(_("size or format"), max_length=60)
    file = models.FileField(_("file"), upload_to=delivery_upload_to, max_length=300)
    content_type = models.CharField(_("content type"), max_length=60)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("delivered file")
        verbose_name_plural = _("delivered files")
        ordering = ["request", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "label"], name="creative_delivery_unique")]

    def __str__(self) -> str:
        return f"{self.request} {self.label}"


class ReferenceFile(models.Model):
    request = models.ForeignKey(
        DesignRequest, verbose_name=_("design request"), on_delete=models.CASCADE, related_name="references"
    )
    file = models.FileField(_("file"), upload_to=reference_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("reference file")
        verbose_name_plural = _("reference files")

    def __str__(self) -> str:
        return self.name


class Version(models.Model):
    """A draft the designer uploads (3.3.2); a raster preview is shown, never the SVG or PDF itself."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the requester")
        CHANGES = "changes", _("Changes asked")
        APPROVED = "approved", _("Approved")

    request = models.ForeignKey(
        DesignRequest, verbose_name=_("design request"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    preview = models.ImageField(_("preview"), upload_to=preview_upload_to, max_length=300, blank=True)
    note = models.TextField(_("designer's note"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["request", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="creative_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.request} v{self.number}"


class Comment(models.Model):
    """The requester's (or the unit's) remark on a version, optionally pinned to a point of the preview."""

    version = models.ForeignKey(Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"), max_length=2000)
    x = models.FloatField(_("x (%)"), null=True, blank=True)
    y = models.FloatField(_("y (%)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Asset(models.Model):
    """A file of the library: a final design, an event photo, a logo, a template or a video."""

    class Kind(models.TextChoices):
        FINAL = "final", _("Final design")
        PHOTO = "photo", _("Photo")
        LOGO = "logo", _("Logo")
        TEMPLATE = "template", _("Template")
        VIDEO = "video", _("Video")

    class Consent(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed (no identifiable person)")
        ON_FILE = "on_file", _("Consent form attached")
        NOT_FOR_PUBLICATION = "restricted", _("Not for publication")

    class RenditionStatus(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        NONE = "none", _("Not needed")

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    event = models.CharField(_("event"), max_length=200, blank=True)
    taken_on = models.DateField(_("date"), null=True, blank=True, db_index=True)
    credit = models.CharField(_("photographer or credit"), max_length=200, blank=True)
    rights = models.CharField(_("rights"), max_length=300, blank=True)
    rights_expire_on = models.DateField(_("rights expire on"), null=True, blank=True)
    consent = models.CharField(_("consent"), max_length=12, choices=Consent.choices, default=Consent.NOT_NEEDED)
    consent_file = models.FileField(_("consent form"), upload_to=reference_upload_to, max_length=300, blank=True)
    file = models.FileField(_("original"), upload_to=asset_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    version = models.OneToOneField(
        Version, verbose_name=_("version"), null=True, blank=True, on_delete=models.SET_NULL, related_name="asset"
    )
    rendition_status = models.CharField(
        _("renditions"), max_length=10, choices=RenditionStatus.choices, default=RenditionStatus.WAITING
    )
    rendition_progress = models.PositiveSmallIntegerField(_("rendition progress (%)"), default=0)
    web_video = models.FileField(_("web copy"), upload_to=video_upload_to, max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="creative_asset_org_created")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("creative:asset", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/png", "image/jpeg")

    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def rights_expired(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.rights_expire_on is not None and self.rights_expire_on < today


class VideoUpload(models.Model):
    """An edited video arriving in chunks (3.13.3); resumable: the server keeps what it received."""

    class Status(models.TextChoices):
        UPLOADING = "uploading", _("Uploading")
        DONE = "done", _("Uploaded")

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    received = models.PositiveBigIntegerField(_("received (bytes)"), default=0)
    chunks = models.PositiveIntegerField(_("chunks"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADING)
    asset = models.OneToOneField(
        "Asset", verbose_name=_("asset"), null=True, blank=True, on_delete=models.SET_NULL, related_name="upload"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("video upload")
        verbose_name_plural = _("video uploads")

    def __str__(self) -> str:
        return self.title

    def chunk_name(self, index: int) -> str:
        return f"creative/chunks/{self.token}/{index:06d}"


class Rendition(models.Model):
    class Size(models.TextChoices):
        THUMBNAIL = "thumb", _("Thumbnail")
        WEB = "web", _("Web")
        SQUARE = "square", _("Social square 1080×1080")
        STORY = "story", _("Social story 1080×1920")
        POSTER = "poster", _("Poster frame")

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="renditions")
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    file = models.ImageField(_("file"), upload_to=rendition_upload_to, max_length=300)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [models.UniqueConstraint(fields=["asset", "size"], name="creative_rendition_unique")]

    def __str__(self) -> str:
        return f"{self.asset} ({self.size})"


class Download(models.Model):
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="downloads")
    size = models.CharField(_("size"), max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")

    def __str__(self) -> str:
        return f"{self.asset} {self.at:%Y-%m-%d}"


class SpecialDay(models.Model):
    """A health-related day or week of the calendar (3.5), maintained by an administrator."""

    class Rule(models.TextChoices):
        FIXED = "fixed", _("Fixed date")
        NTH_WEEKDAY = "nth_weekday", _("N-th weekday of the month")
        LAST_WEEKDAY = "last_weekday", _("Last weekday of the month")
        LAST_DAY = "last_day", _("Last day of the month")
        WHOLE_MONTH = "month", _("Whole month")

    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("date rule"), max_length=12, choices=Rule.choices, default=Rule.FIXED)
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True, help_text=_("For a fixed date."))
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, help_text=_("0 = Monday … 6 = Sunday")
    )
    nth = models.PositiveSmallIntegerField(_("which week"), null=True, blank=True, help_text=_("1 = the first …"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), default=1)
    design_lead_days = models.PositiveSmallIntegerField(_("design lead time (days)"), default=15)
    text_lead_days = models.PositiveSmallIntegerField(_("text lead time (days)"), default=7)
    international = models.BooleanField(_("international day"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible people"), blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("special day or week")
        verbose_name_plural = _("special days and weeks")
        ordering = ["month", "day", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("creative:special_day", args=[self.pk])

    def date_in(self, year: int) -> datetime.date:
        """The first day of the observance in ``year``."""
        from pressdesk.creative.calendar import first_day

        return first_day(self, year)

    def next_date(self, today: datetime.date | None = None) -> datetime.date:
        today = today or timezone.localdate()
        start = self.date_in(today.year)
        if start + datetime.timedelta(days=max(self.duration_days, 1) - 1) < today:
            start = self.date_in(today.year + 1)
        return start


class DayPackage(models.Model):
    """A special day's content for one year (3.5.2–3.5.4): the press text and the social posts,
    approved up to the director, then handed to publishing as a draft story."""

    approval_process_code = "3.5"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HANDED = "handed", _("Handed to publishing")
        SCHEDULED = "scheduled", _("Scheduled for the day")

    day = models.ForeignKey(
        SpecialDay, verbose_name=_("special day"), on_delete=models.PROTECT, related_name="packages"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    press_text = models.TextField(_("text for the press"), max_length=20000, blank=True)
    social_posts = models.TextField(
        _("social media posts"),
        max_length=5000,
        blank=True,
        help_text=_("One paragraph per channel, starting with its name (for example “X: …”)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    story = models.ForeignKey(
        "publishing.NewsStory",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_time = models.TimeField(
        _("publish at"), default=datetime.time(9, 0), help_text=_("On the day, Istanbul time.")
    )
    channels = models.ManyToManyField(
        "channels.Channel", verbose_name=_("social media accounts"), blank=True, related_name="+"
    )
    story_hash = models.CharField(_("story content hash"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("special day package")
        verbose_name_plural = _("special day packages")
        constraints = [models.UniqueConstraint(fields=["day", "year", "organization"], name="creative_package_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("creative:package", args=[self.pk])

    def approval_title(self) -> str:
        return f"{self.day.name} {self.year}"[:255]

    def approval_content(self) -> dict[str, object]:
        return {
            "day": self.day.name,
            "date": self.day.date_in(self.year).isoformat(),
            "press_text": self.press_text,
            "social_posts": self.social_posts,
        }

    def publish_at(self) -> datetime.datetime:
        """The day's date at the package's time, Istanbul time."""
        from zoneinfo import ZoneInfo

        day = self.day.date_in(self.year)
        return datetime.datetime.combine(day, self.publish_time, tzinfo=ZoneInfo(settings.TIME_ZONE))

    def channel_posts(self) -> dict[str, str]:
        """``{"x": "…", "instagram": "…"}``: each paragraph of the social posts that starts with a channel's name."""
        from pressdesk.channels.models import Channel

        names = {str(label).casefold(): value for value, label in Channel.Kind.choices}
        names.update({value: value for value in Channel.Kind.values})
        posts: dict[str, str] = {}
        for paragraph in paragraphs_of(self.social_posts):
            head, sep, rest = paragraph.partition(":")
            kind = names.get(head.strip().casefold()) if sep else None
            if kind and rest.strip():
                posts[kind] = rest.strip()
        return posts


class StoryAttachment(models.Model):
    """A library asset attached to a news story: a photo (then also a story photo) or a video."""

    story = models.ForeignKey(
        "publishing.NewsStory", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="attachments")
    photo = models.OneToOneField(
        "publishing.StoryPhoto",
        verbose_name=_("story photo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("asset on a story")
        verbose_name_plural = _("assets on stories")
        constraints = [models.UniqueConstraint(fields=["story", "asset"], name="creative_attachment_unique")]

    def __str__(self) -> str:
        return f"{self.asset} → {self.story}"


class ShootPlan(models.Model):
    """A video shoot planned (3.13.1) and the place prepared for it (3.13.2)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SHOT = "shot", _("Shot")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    outline = models.TextField(_("script or outline"), max_length=20000)
    place = models.CharField(_("place"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    equipment = models.TextField(_("equipment"), max_length=2000, blank=True, help_text=_("One item per line."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    video = models.ForeignKey(
        Asset, verbose_name=_("edited video"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("shoot plan")
        verbose_name_plural = _("shoot plans")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("creative:shoot", args=[self.pk])

    def equipment_list(self) -> list[str]:
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]


class ShootPerson(models.Model):
    """Someone to be filmed, with their consent (a patient or a child: the signed form, or not filmed)."""

    plan = models.ForeignKey(ShootPlan, verbose_name=_("shoot plan"), on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the video"), max_length=200, blank=True)
    consent = models.CharField(_("consent"), max_length=12, choices=Asset.Consent.choices)
    consent_file = models.FileField(_("consent form"), upload_to=reference_upload_to, max_length=300, blank=True)

    class Meta:
        verbose_name = _("person filmed")
        verbose_name_plural = _("people filmed")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.name


class ShootTask(models.Model):
    """One item of the place's preparation checklist (3.13.2)."""

    plan = models.ForeignKey(ShootPlan, verbose_name=_("shoot plan"), on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("item"), max_length=300)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.text
