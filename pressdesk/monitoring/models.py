"""Process 3.1/1.3: media monitoring — outlets, sources, fetched items, stories, watch terms.

A source row carries its own schedule (next check time, ETag, Last-Modified,
body hash, failure count); the periodic tick picks the due ones (see
``scheduling.py`` and ``tasks.poll_due_sources``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pressdesk.lib.models import CreatedStamp


class Outlet(CreatedStamp):
    class Kind(models.TextChoices):
        NATIONAL_NEWSPAPER = "national_newspaper", _("National newspaper")
        LOCAL_NEWSPAPER = "local_newspaper", _("Local newspaper")
        TV = "tv", _("Television")
        RADIO = "radio", _("Radio")
        NEWS_SITE = "news_site", _("News site")
        AGENCY = "agency", _("News agency")
        SOCIAL = "social", _("Social media")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.NEWS_SITE)
    province = models.CharField(_("province"), max_length=60, blank=True)
    reach = models.PositiveBigIntegerField(
        _("reach"), default=0, help_text=_("Online reach or print circulation, as reported.")
    )

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(CreatedStamp):
    class Kind(models.TextChoices):
        FEED = "feed", _("RSS/Atom/JSON feed")
        NEWS_SITEMAP = "news_sitemap", _("News sitemap")
        WEB_PAGE = "web_page", _("Web page")
        SEARCH_FEED = "search_feed", _("Search engine news feed")
        YOUTUBE = "youtube", _("YouTube channel feed")
        MASTODON = "mastodon", _("Mastodon")
        BLUESKY = "bluesky", _("Bluesky")
        IMAP = "imap", _("IMAP mailbox")
        X_SEARCH = "x_search", _("X search")
        X_ACCOUNT = "x_account", _("X account")
        FACEBOOK_PAGE = "facebook_page", _("Facebook Page (comments and mentions)")
        INSTAGRAM = "instagram", _("Instagram account (comments and tags)")
        MANUAL = "manual", _("Manual entry")

    # Kinds that the poller checks (each has a collector in ``pressdesk/monitoring/sources/``,
    # feeds go through ``polling.poll_source`` directly); manual entries are added by staff.
    POLLED_KINDS = (
        Kind.FEED,
        Kind.NEWS_SITEMAP,
        Kind.WEB_PAGE,
        Kind.SEARCH_FEED,
        Kind.YOUTUBE,
        Kind.MASTODON,
        Kind.BLUESKY,
        Kind.IMAP,
        Kind.X_SEARCH,
        Kind.X_ACCOUNT,
        Kind.FACEBOOK_PAGE,
        Kind.INSTAGRAM,
    )

    name = models.CharField(_("name"), max_length=200, blank=True)
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="sources")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organization whose staff manage this source."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    config = models.JSONField(
        _("settings of the source type"),
        default=dict,
        blank=True,
        help_text=_("What to watch: the search query, the account or hashtag, the mailbox…"),
    )
    state = models.JSONField(
        _("collector state"), default=dict, blank=True, editable=False, help_text=_("Paging cursors such as since_id.")
    )
    secret = models.TextField(
        _("encrypted password"), blank=True, editable=False, help_text=_("Encrypted; never shown or logged.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    allowed_private = models.BooleanField(
        _("allow internal address"),
        default=False,
        help_text=_("Fetch this source even though its host resolves to an internal network address."),
    )
    poll_interval = models.PositiveIntegerField(_("polling interval (seconds)"), default=900)
    min_interval = models.PositiveIntegerField(_("shortest interval (seconds)"), default=300)
    max_interval = models.PositiveIntegerField(_("longest interval (seconds)"), default=86400)
    next_check_at = models.DateTimeField(_("next check"), default=timezone.now)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    body_hash = models.CharField(max_length=64, blank=True, editable=False)
    failure_count = models.FloatField(_("failure count"), default=0, editable=False)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_new_item_at = models.DateTimeField(_("last new item"), null=True, blank=True, editable=False)
    items_per_week = models.FloatField(_("items per week (estimate)"), default=0, editable=False)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["is_active", "next_check_at"])]

    def __str__(self) -> str:
        return self.name or self.target or str(self.outlet)

    @property
    def target(self) -> str:
        """What the source watches, in a line: an address, a query, an account, a mailbox."""
        config = self.config or {}
        if self.kind == self.Kind.SEARCH_FEED and config.get("query"):
            return f"{config.get('engine', '')}: {config['query']}".strip(": ")
        if self.kind == self.Kind.MASTODON:
            host = self.url.split("://", 1)[-1].rstrip("/")
            if config.get("tag"):
                return f"#{config['tag']}@{host}"
            if config.get("account"):
                return f"@{config['account']}@{host}"
        if self.kind == self.Kind.BLUESKY:
            if config.get("actor"):
                return f"@{config['actor']}"
            if config.get("query"):
                return f"🔎 {config['query']}"
        if self.kind == self.Kind.IMAP and config.get("host"):
            return f"{config.get('username', '')}@{config['host']}/{config.get('folder', 'INBOX')}"
        if self.kind == self.Kind.X_ACCOUNT and config.get("username"):
            return f"X: @{config['username']}"
        if self.kind == self.Kind.X_SEARCH:
            return f"X: {config['query']}" if config.get("query") else str(_("X: the province's watch terms"))
        if self.kind == self.Kind.FACEBOOK_PAGE and config.get("page_id"):
            return f"Facebook: {config['page_id']}"
        if self.kind == self.Kind.INSTAGRAM and config.get("ig_user_id"):
            return f"Instagram: {config['ig_user_id']}"
        return self.url

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)


class FetchLog(models.Model):
    class Outcome(models.TextChoices):
        NEW = "new", _("New items")
        UNCHANGED = "unchanged", _("Unchanged")
        NOT_MODIFIED = "not_modified", _("Not modified")
        ERROR = "error", _("Error")

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="fetch_logs")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    bytes = models.PositiveIntegerField(_("bytes"), default=0)
    entries = models.PositiveIntegerField(_("entries"), default=0)
    new_items = models.PositiveIntegerField(_("new items"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("fetch log")
        verbose_name_plural = _("fetch logs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source_id} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M} {self.outcome}"


class Sentiment(models.TextChoices):
    """Tone of a story toward the directorate (3.1 step 4)."""

    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class Relevance(models.TextChoices):
    """Whether a story concerns the directorate (3.1 step 2)."""

    UNREVIEWED = "unreviewed", _("Not reviewed")
    RELEVANT = "relevant", _("Relevant")
    IRRELEVANT = "irrelevant", _("Irrelevant")


class Importance(models.IntegerChoices):
    LOW = 0, _("Low")
    NORMAL = 1, _("Normal")
    HIGH = 2, _("High")
    CRITICAL = 3, _("Critical")


class Story(models.Model):
    """Copies of the same news in many outlets (agency copy republished), grouped.

    A story may hold items of several provinces' sources; each province triages
    it on its own (``StoryTriage``), never per outlet copy.
    ``sentiment_suggested`` and ``sentiment_confidence`` are the model's
    suggestion, shared by every province; a province's staff label wins over it.
    """

    title = models.CharField(_("title"), max_length=500)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)
    item_count = models.PositiveIntegerField(_("item count"), default=0)
    sentiment_suggested = models.CharField(
        _("suggested sentiment"), max_length=10, choices=Sentiment.choices, blank=True, editable=False
    )
    sentiment_confidence = models.FloatField(_("confidence of the suggestion"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.title


class StoryTriage(models.Model):
    """One province's triage of a story: relevance, the staff's sentiment label, importance, assignee.

    Created on the province's first decision; a story without a row for a
    province reads as not reviewed there (``StoryTriage.default``). Another
    province's decisions on the same story never change this row.
    """

    Relevance = Relevance
    Importance = Importance

    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="triages")
    province = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The provincial directorate whose unit made these decisions."),
    )
    relevance = models.CharField(_("relevance"), max_length=12, choices=Relevance.choices, default=Relevance.UNREVIEWED)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices, blank=True)
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("story triage")
        verbose_name_plural = _("story triages")
        constraints = [
            models.UniqueConstraint(fields=["story", "province"], name="monitoring_storytriage_once_per_province"),
        ]
        indexes = [models.Index(fields=["province", "relevance"])]

    def __str__(self) -> str:
        return f"{self.story_id}@{self.province_id}"

    @classmethod
    def default(cls, story: Story, province_id: int | None) -> StoryTriage:
        """The state of a story a province has not triaged yet (not saved)."""
        row = cls(story=story)
        if province_id is not None:
            row.province_id = province_id
        return row

    @property
    def effective_sentiment(self) -> str:
        """The province's staff label when there is one, else the model's suggestion for the story."""
        return self.sentiment or self.story.sentiment_suggested


class Item(models.Model):
    # No index of its own: the unique (source, identity_hash) and the (source, title_hash,
    # fetched_at) indexes lead with it. Every index is one more write per ingested row.
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="items", db_index=False
    )
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="items")
    url = models.URLField(_("address"), max_length=2000, blank=True)
    original_url = models.URLField(_("original address"), max_length=2000, blank=True)
    guid = models.CharField(_("GUID"), max_length=2000, blank=True)
    identity_hash = models.CharField(max_length=64, editable=False)
    title_hash = models.CharField(max_length=64, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    summary_html = models.TextField(_("summary"), blank=True, help_text=_("Sanitised HTML."))
    text = models.TextField(_("text"), blank=True)
    image_url = models.URLField(_("image"), max_length=2000, blank=True)
    author = models.CharField(
        pgettext_lazy("byline of a news item", "author"),
        max_length=200,
        blank=True,
        help_text=_("The byline the feed gives for the item, if any."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_at_original = models.DateTimeField(
        _("published at (as given)"),
        null=True,
        blank=True,
        help_text=_("The date in the feed when it lay in the future and was clamped to the fetch time."),
    )
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)
    story = models.ForeignKey(  # indexed by (story, -published_at)
        Story,
        verbose_name=_("story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        db_index=False,
    )
    signature = models.BinaryField(blank=True, default=b"", editable=False)
    matched = models.BooleanField(_("matched"), default=False, db_index=True)
    sentiment_suggested = models.CharField(
        _("suggested sentiment"), max_length=10, choices=Sentiment.choices, blank=True, editable=False
    )
    sentiment_confidence = models.FloatField(_("confidence of the suggestion"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "identity_hash"], name="monitoring_item_unique_identity"),
        ]
        indexes = [
            models.Index(fields=["identity_hash"]),
            models.Index(fields=["source", "title_hash", "fetched_at"]),
            models.Index(fields=["-published_at"]),
            models.Index(fields=["story", "-published_at"]),
            models.Index(fields=["fetched_at"]),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def known_reach(self) -> int | None:
        """This item's reach where known: the clip's own viewers, listeners or copies, else its outlet's.

        Read with ``select_related("outlet", "clip_details")`` in lists (no query per row).
        """
        details = getattr(self, "clip_details", None)  # a missing reverse one-to-one raises AttributeError
        if details is not None and details.reach:
            return int(details.reach)
        return self.outlet.reach or None


def outlets_reach(outlets: Iterable[Outlet]) -> int:
    """A story's potential reach: the summed reach of the outlets that carried it (0: not known).

    The daily report counts it the same way (``reports.figures.story_rows``).
    """
    return sum(outlet.reach or 0 for outlet in outlets)


class WatchTerm(CreatedStamp):
    """A Boolean query watched in every item; ``organization`` is the institution it is about.

    ``province`` (a provincial directorate) owns the term: only that province's unit sees
    and edits it. A term without a province is an administrator's.
    """

    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The provincial directorate whose unit manages this term."),
    )
    query = models.TextField(_("query"), help_text=_("AND, OR, NOT, quotes, parentheses, NEAR/n, title:, site:"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("watch term")
        verbose_name_plural = _("watch terms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ItemMatch(models.Model):
    class Field(models.TextChoices):
        TITLE = "title", _("Title")
        TEXT = "text", _("Text")

    # Indexed by the unique (item, term, field) and by (term, item): ingest writes about ten
    # rows per item, so no single-column index beside them.
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    term = models.ForeignKey(
        WatchTerm, verbose_name=_("watch term"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    field = models.CharField(_("field"), max_length=10, choices=Field.choices)
    spans = models.JSONField(_("spans"), default=list, help_text=_("[[start, end, matched text], …]"))

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["item", "term", "field"], name="monitoring_itemmatch_unique"),
        ]
        indexes = [models.Index(fields=["term", "item"])]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.term_id}:{self.field}"


class ClipRequest(models.Model):
    """An article address a user asked to clip: fetched by a task, its progress shown to the user."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        FETCHING = "fetching", _("Fetching the page")
        DONE = "done", _("Added")
        FAILED = "failed", _("Could not be added")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("address"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)
    found = models.JSONField(
        _("what could be read"),
        default=dict,
        blank=True,
        help_text=_("Title, date and site name read from a page whose article could not be extracted."),
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clip request")
        verbose_name_plural = _("clip requests")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return self.url

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Backfill(models.Model):
    """One run of a watch term over the archive: the ``ItemMatch`` rows it would have made, added afterwards.

    The task (``tasks.backfill_term``) works through the items newest first in
    chunks, keeping its cursor (``last_item_id``) and counts here; the term's
    page polls this row for its progress bar.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    term = models.ForeignKey(WatchTerm, verbose_name=_("watch term"), on_delete=models.CASCADE, related_name="+")
    query = models.TextField(_("query"), help_text=_("The query as it was when the run was asked for."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("items to check"), default=0)
    done = models.PositiveIntegerField(_("items checked"), default=0)
    created = models.PositiveIntegerField(_("matches added"), default=0)
    last_item_id = models.BigIntegerField(_("last item checked"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("back-fill")
        verbose_name_plural = _("back-fills")
        indexes = [models.Index(fields=["term", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.term_id}: {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, (100 * self.done) // self.total) if self.total else 0


def clip_file_path(instance: ClipFile, filename: str) -> str:
    return f"monitoring/clips/{timezone.now():%Y/%m}/{instance.item_id}-{filename}"


class ClipFile(models.Model):
    """A file kept with a hand-entered clip: the scanned page of a print edition, a PDF of a paywalled article."""

    class OcrStatus(models.TextChoices):
        """Text recognition of a print scan (an image, or a PDF without a text layer), done in the background."""

        NONE = "", _("Not needed")
        WAITING = "waiting", _("Waiting to be read")
        DONE = "done", _("Text read")
        FAILED = "failed", _("Text could not be read")

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=clip_file_path, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    ocr_status = models.CharField(_("text recognition"), max_length=10, choices=OcrStatus.choices, blank=True)
    ocr_note = models.CharField(_("text recognition note"), max_length=500, blank=True)
    ocr_finished_at = models.DateTimeField(_("text recognised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clip file")
        verbose_name_plural = _("clip files")

    def __str__(self) -> str:
        return self.original_name


class ClipDetails(models.Model):
    """What a broadcast or print clip entered without an address says besides its text (issue 30, point 3).

    One row per hand-entered or imported clip: the medium, the programme or page,
    when it aired and for how long, the broadcaster's archive link, the reach or
    circulation of this item, and for an imported row the columns no mapping named.
    """

    class Medium(models.TextChoices):
        TV = "tv", _("Television")
        RADIO = "radio", _("Radio")
        PRINT = "print", _("Print")
        SERVICE = "service", _("Clipping service")

    item = models.OneToOneField(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="clip_details")
    medium = models.CharField(_("medium"), max_length=10, choices=Medium.choices)
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    aired_at = models.DateTimeField(_("aired or published at"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    page = models.CharField(_("page"), max_length=50, blank=True)
    reach = models.PositiveBigIntegerField(
        _("reach or circulation"), null=True, blank=True, help_text=_("Viewers, listeners or copies of this item.")
    )
    archive_url = models.URLField(_("broadcaster's archive address"), max_length=2000, blank=True)
    provider = models.ForeignKey(
        "ClippingProvider",
        verbose_name=_("clipping service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    extra = models.JSONField(
        _("other columns"), default=dict, blank=True, help_text=_("Columns of an import that no mapping named.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("clip details")
        verbose_name_plural = _("clip details")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.get_medium_display()}"

    @property
    def duration_label(self) -> str:
        if not self.duration_seconds:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class ClippingProvider(CreatedStamp):
    """A third-party clipping service of one province (Interpress, Ajans Press, Medya Takip Merkezi…).

    ``mapping`` names, for each field of a clip, the column of the service's
    export that holds it; it is saved with the first import and reused.
    """

    class Service(models.TextChoices):
        INTERPRESS = "interpress", "Interpress"
        AJANS_PRESS = "ajans_press", "Ajans Press"
        MEDYA_TAKIP = "medya_takip", "Medya Takip Merkezi"
        OTHER = "other", _("Other")

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices, default=Service.OTHER)
    name = models.CharField(_("name"), max_length=200)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)

    class Meta:
        verbose_name = _("clipping service")
        verbose_name_plural = _("clipping services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="monitoring_clippingprovider_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ClippingImport(models.Model):
    """One export file of a clipping service taken in: how many rows were new, known or refused."""

    provider = models.ForeignKey(
        ClippingProvider, verbose_name=_("clipping service"), on_delete=models.CASCADE, related_name="imports"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new_items = models.PositiveIntegerField(_("new items"), default=0)
    known = models.PositiveIntegerField(_("already in monitoring"), default=0)
    refused = models.JSONField(_("refused rows"), default=list, blank=True, help_text=_("[[row number, reason], …]"))
    unknown_columns = models.JSONField(_("unknown columns"), default=list, blank=True)
    mailbox = models.ForeignKey(
        "Source",
        verbose_name=_("received in the mailbox"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the export came as an e-mail attachment rather than an upload."),
    )
    digest = models.CharField(
        _("file hash"), max_length=64, blank=True, help_text=_("SHA-256 of a mailed file: one file is taken in once.")
    )
    error = models.TextField(_("why it was not taken in"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("clipping import")
        verbose_name_plural = _("clipping imports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "digest"],
                condition=~models.Q(digest=""),
                name="monitoring_clippingimport_one_per_file",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


def ministry_report_path(instance: MinistryReport, filename: str) -> str:
    return f"monitoring/ministry/{instance.report_date:%Y/%m}/{filename}"


class MinistryReport(models.Model):
    """The Ministry's own monitoring report of a day (process 1.3.2), sent on with the province's daily report."""

    province = models.ForeignKey(
        "organizations.Organization", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    report_date = models.DateField(_("report date"))
    file = models.FileField(_("file"), upload_to=ministry_report_path, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("Ministry monitoring report")
        verbose_name_plural = _("Ministry monitoring reports")
        ordering = ["-report_date", "-pk"]
        indexes = [models.Index(fields=["province", "report_date"])]

    def __str__(self) -> str:
        return self.original_name


class StreamStatus(models.Model):
    """The health of a source's push connection (Mastodon streaming, Bluesky Jetstream).

    Kept up to date by ``manage.py monitoring_stream``.
    """

    class State(models.TextChoices):
        CONNECTING = "connecting", _("Connecting")
        CONNECTED = "connected", _("Connected")
        DISCONNECTED = "disconnected", _("Disconnected: polling")
        STOPPED = "stopped", _("Stopped")

    source = models.OneToOneField(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="stream")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.CONNECTING)
    connected_since = models.DateTimeField(_("connected since"), null=True, blank=True)
    last_event_at = models.DateTimeField(_("last event"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    events = models.PositiveBigIntegerField(_("events received"), default=0)
    malformed = models.PositiveBigIntegerField(_("malformed events"), default=0)
    disconnects = models.PositiveIntegerField(_("disconnections"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("push connection")
        verbose_name_plural = _("push connections")

    def __str__(self) -> str:
        return f"{self.source_id}: {self.state}"

    @property
    def is_live(self) -> bool:
        """Connected, with a sign of life in the last two minutes (a dead consumer process reads as down)."""
        if self.state != self.State.CONNECTED or self.heartbeat_at is None:
            return False
        return timezone.now() - self.heartbeat_at < datetime.timedelta(minutes=2)


class WebSubSubscription(models.Model):
    """A feed source's WebSub (PubSubHubbub 0.4) subscription at the hub its feed advertises.

    Kept by ``websub.py``: discovery on each poll, subscription and renewal by the beat task
    ``monitoring.tasks.maintain_websub``, verification and content distribution at the public
    callback ``/monitoring/websub/<token>/``.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the hub's verification")
        VERIFIED = "verified", _("Verified")
        EXPIRED = "expired", _("Lease expired: polling")
        FAILED = "failed", _("Failed: polling")
        DENIED = "denied", _("Refused by the hub: polling")
        CLOSING = "closing", _("Unsubscribing")
        CLOSED = "closed", _("Unsubscribed")

    # Empty once the source stops being followed (deactivated, deleted, no hub any more, no public
    # address): the subscription is then unsubscribed at the hub and kept, closed, for the record.
    source = models.OneToOneField(
        Source,
        verbose_name=_("source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="websub",
    )
    hub = models.URLField(_("hub"), max_length=2000)
    topic = models.URLField(_("topic"), max_length=2000)
    token = models.CharField(_("callback token"), max_length=64, unique=True)
    secret = models.CharField(_("secret"), max_length=64)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("lease ends"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    deliveries = models.PositiveBigIntegerField(_("deliveries"), default=0)
    bad_signatures = models.PositiveBigIntegerField(_("badly signed deliveries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    callback = models.URLField(_("callback"), max_length=2000, blank=True)
    internal_hub = models.BooleanField(_("internal hub allowed"), default=False)
    closed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("WebSub subscription")
        verbose_name_plural = _("WebSub subscriptions")

    def __str__(self) -> str:
        return f"{self.source_id}: {self.state}"

    @property
    def is_live(self) -> bool:
        return self.state == self.State.VERIFIED and self.expires_at is not None and self.expires_at > timezone.now()


class WebSubDelivery(models.Model):
    """A correctly signed body the hub pushed, kept until the background task ingests it."""

    subscription = models.ForeignKey(
        WebSubSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="pending"
    )
    body = models.BinaryField(_("body"))
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("WebSub delivery")
        verbose_name_plural = _("WebSub deliveries")

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.received_at:%Y-%m-%d %H:%M:%S}"
