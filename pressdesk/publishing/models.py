"""News stories (processes 3.6, 3.11, 1.1) and where they were published.

A ``NewsStory`` is written by the unit's staff or submitted by an affiliated
institution's press officer (3.11). Its editorial status lives in ``status``;
its approval (paraf → paraf → imza, then the external approvals when it goes
to the press) lives in the one ``approvals.ApprovalFlow`` of the story.
Publishing happens on the public newsroom (``published_at``) and on channels:
one ``Publication`` per (story, channel) with one ``PublicationAttempt`` row
per call to the channel.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.lib import turkish
from pressdesk.lib.models import AuthoredStamp


def _slugify(text: str) -> str:
    from django.utils.text import slugify

    return slugify(turkish.ascii_fold(text))[:80] or "haber"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = _slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("newsroom:tag", args=[self.slug])


class NewsStory(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the unit for review")
        RETURNED = "returned", _("Returned to the institution for corrections")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Taken down")

    EDITABLE_BY_AUTHOR = (Status.DRAFT, Status.RETURNED)

    approval_process_code = "3.6"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=90, blank=True)
    spot = models.TextField(_("spot (lead)"), max_length=600, help_text=_("One or two sentences under the title."))
    body_html = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    social_text = models.TextField(
        _("social media text"),
        blank=True,
        help_text=_("The text of the social media posts; the title and the spot are used when it is empty."),
    )
    video_urls = models.TextField(_("video links"), blank=True, help_text=_("One address per line."))
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="stories")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The institution the story is about."),
    )
    submitting_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("submitted by institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    event_name = models.CharField(_("event"), max_length=200, blank=True)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    channels = models.ManyToManyField("channels.Channel", verbose_name=_("channels"), blank=True, related_name="+")
    goes_to_press = models.BooleanField(
        _("goes to the press"),
        default=False,
        help_text=_("Once approved, the story is e-mailed to the local press list."),
    )
    needs_external_approval = models.BooleanField(
        _("the Ministry and the Governorship approve it too"),
        default=False,
        help_text=_(
            "After the director's signature, the Ministry's, General Directorate's and Governorship's press "
            "units approve it (they are also asked when the process's row in the matrix says so)."
        ),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_("The newsroom, its feed and its search show the story only from this time on."),
    )
    source_story = models.ForeignKey(
        "monitoring.Story",
        verbose_name=_("monitored story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_url = models.URLField(_("source link"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    flows = GenericRelation("approvals.ApprovalFlow", related_query_name="news_story")

    class Meta:
        verbose_name = _("news story")
        verbose_name_plural = _("news stories")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["status", "scheduled_for"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = _slugify(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("publishing:detail", args=[self.pk])

    def public_path(self) -> str:
        return reverse("newsroom:story", args=[self.pk, self.slug or "haber"])

    def public_url(self) -> str:
        return settings.SITE_URL + self.public_path()

    @property
    def is_submission(self) -> bool:
        return self.submitting_organization_id is not None

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return bool(
            self.status == self.Status.PUBLISHED
            and self.published_at
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def is_embargoed(self) -> bool:
        return bool(self.embargo_until and self.embargo_until > timezone.now())

    def video_list(self) -> list[str]:
        return [line.strip() for line in self.video_urls.splitlines() if line.strip()]

    # --- approvals -------------------------------------------------------------

    def approval_title(self) -> str:
        return self.title

    def approval_content(self) -> dict[str, Any]:
        """Everything approvers approve: the texts, the photos (by hash), the tags and the target channels."""
        content = {
            "title": self.title,
            "spot": self.spot,
            "body_html": self.body_html,
            "social_text": self.social_text,
            "video_urls": self.video_list(),
            "tags": sorted(tag.name for tag in self.tags.all()),
            "channels": sorted(f"{channel.get_kind_display()}: {channel.name}" for channel in self.channels.all()),
            "organization": self.organization.name,
            "event": self.event_name,
            "event_date": self.event_date.isoformat() if self.event_date else "",
            "goes_to_press": self.goes_to_press,
            "needs_external_approval": self.needs_external_approval,
            "photos": [
                {"caption": photo.caption, "credit": photo.credit, "sha256": photo.sha256}
                for photo in self.photos.all()
            ],
        }
        if self.embargo_until:  # only when set: the approvals of stories without one keep their hash
            content["embargo_until"] = self.embargo_until.isoformat()
        return content


def _photo_path(instance: StoryPhoto, filename: str) -> str:
    return f"publishing/{instance.story_id}/originals/{filename}"


def _web_path(instance: StoryPhoto, filename: str) -> str:
    return f"publishing/{instance.story_id}/web/{filename}"


class StoryPhoto(models.Model):
    story = models.ForeignKey(NewsStory, on_delete=models.CASCADE, related_name="photos")
    original = models.ImageField(_("original photo"), upload_to=_photo_path, width_field="width", height_field="height")
    web = models.ImageField(_("web-size photo"), upload_to=_web_path, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["story", "order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original.name

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 0.0

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class StoryComment(models.Model):
    """The review conversation between an institution and the unit (3.11)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned with requested corrections")
        ACCEPTED = "accepted", _("Accepted by the unit")
        EDITED = "edited", _("Edited by the unit")
        COMMENT = "comment", _("Comment")

    story = models.ForeignKey(NewsStory, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.story} {self.kind}"


class Publication(AuthoredStamp):
    """A story on one channel: scheduled, published (with the remote id), failed, deleted."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Queued")
        PUBLISHING = "publishing", _("Being published")
        RETRYING = "retrying", _("Waiting to retry")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")
        DELETED = "deleted", _("Deleted")

    story = models.ForeignKey(NewsStory, on_delete=models.CASCADE, related_name="publications")
    channel = models.ForeignKey("channels.Channel", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_for = models.DateTimeField(_("scheduled for"), default=timezone.now)
    text = models.TextField(_("text"))
    remote_id = models.CharField(_("remote id"), max_length=255, blank=True)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    attempt_count = models.PositiveIntegerField(_("attempts"), default=0)
    idempotency_key = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["scheduled_for", "pk"]
        constraints = [models.UniqueConstraint(fields=["story", "channel"], name="one_publication_per_channel")]
        indexes = [models.Index(fields=["status", "scheduled_for"])]

    def __str__(self) -> str:
        return f"{self.story} → {self.channel}"


class PublicationAttempt(models.Model):
    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        UPDATE = "update", _("Edit")
        DELETE = "delete", _("Delete")

    class Outcome(models.TextChoices):
        OK = "ok", _("Succeeded")
        ERROR = "error", _("Error")
        RETRYABLE = "retryable", _("Error, will retry")
        SKIPPED = "skipped", _("Skipped (already published)")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attempts")
    action = models.CharField(max_length=8, choices=Action.choices, default=Action.PUBLISH)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)
    remote_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.publication} {self.action} {self.outcome}"


class PressContact(models.Model):
    """A journalist on the local press distribution list."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("list of"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    outlet = models.CharField(_("outlet"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    is_active = models.BooleanField(_("active"), default=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["outlet", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "email"], name="unique_press_contact_email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.outlet})" if self.outlet else self.name

    @property
    def receives_mail(self) -> bool:
        return self.is_active and self.unsubscribed_at is None


class PressDelivery(AuthoredStamp):
    """One e-mail of one story to one journalist: never sent twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    story = models.ForeignKey(NewsStory, on_delete=models.CASCADE, related_name="deliveries")
    contact = models.ForeignKey(PressContact, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    tracked = models.BooleanField(
        _("tracked"), default=False, help_text=_("The e-mail carried a tracking pixel and tracked links.")
    )
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    open_count = models.PositiveIntegerField(_("opens"), default=0)
    clicked_at = models.DateTimeField(_("first clicked at"), null=True, blank=True)
    click_count = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "contact"], name="one_press_mail_per_contact")]

    def __str__(self) -> str:
        return f"{self.story} → {self.contact}"


class NewsroomProfile(models.Model):
    """What a province's public newsroom says about it, and how its press e-mails behave.

    One per provincial directorate (its press list is the directorate's list): the "about" text,
    the spokesperson in the contact box, and whether the press e-mails carry a tracking pixel and
    tracked links (off: plain links, no pixel, nothing recorded).
    """

    organization = models.OneToOneField(
        "organizations.Organization", verbose_name=_("directorate"), on_delete=models.CASCADE, related_name="+"
    )
    about = models.TextField(_("about the directorate"), blank=True, max_length=4000)
    spokesperson_name = models.CharField(_("spokesperson"), max_length=120, blank=True)
    spokesperson_title = models.CharField(_("spokesperson's title"), max_length=120, blank=True)
    press_email = models.EmailField(_("press e-mail"), blank=True)
    press_phone = models.CharField(_("press phone"), max_length=40, blank=True)
    track_press_mail = models.BooleanField(
        _("track opens and clicks of press e-mails"),
        default=True,
        help_text=_(
            "Press e-mails carry an invisible image and tracked links that record when they are opened and "
            "clicked. Switch off to send plain links only and record nothing."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("newsroom profile")
        verbose_name_plural = _("newsroom profiles")

    def __str__(self) -> str:
        return str(self.organization)
