"""Publishing channels: the directorate's website and social accounts (1.1.5).

A channel holds where to publish (``base_url``, ``account_id``), how
(``options``: non-secret settings such as Mastodon's visibility) and the
secrets to do it with, encrypted at rest in ``credentials_encrypted``
(``crypto.py``). The secrets are read only by the adapters through
``get_credentials``; forms never show them back and the audit log never
records them.

Health: every call of an adapter and every daily check records its outcome
(``health``, ``last_checked_at``, ``last_error``, ``consecutive_failures``),
so the unit sees a broken token before a post is due.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.channels import crypto
from pressdesk.lib.models import CreatedStamp


class Channel(CreatedStamp):
    class Kind(models.TextChoices):
        WORDPRESS = "wordpress", _("WordPress website")
        WEBHOOK = "webhook", _("Website (webhook)")
        FACEBOOK = "facebook", _("Facebook Page")
        INSTAGRAM = "instagram", _("Instagram")
        X = "x", _("X (Twitter)")
        BLUESKY = "bluesky", _("Bluesky")
        MASTODON = "mastodon", _("Mastodon")
        YOUTUBE = "youtube", _("YouTube")

    class Health(models.TextChoices):
        UNKNOWN = "unknown", _("Not checked yet")
        OK = "ok", _("Working")
        FAILING = "failing", _("Failing")
        TOKEN_INVALID = "token_invalid", _("Token refused")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    # Where and as whom.
    base_url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("Instance, service, site or webhook address, depending on the kind of channel."),
    )
    account_id = models.CharField(
        _("account"),
        max_length=255,
        blank=True,
        help_text=_("Page id, Instagram user id, Bluesky handle or WordPress user name, depending on the kind."),
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    allow_internal_host = models.BooleanField(
        _("allow internal address"),
        default=False,
        help_text=_("Only for a website inside the directorate's network; set by an administrator."),
    )
    # Fernet token of a JSON object of secrets (crypto.py); never shown, never logged.
    credentials_encrypted = models.TextField(_("credentials (encrypted)"), blank=True, editable=False)
    credentials_updated_at = models.DateTimeField(_("credentials updated at"), null=True, blank=True)

    # Health.
    token_expires_at = models.DateTimeField(_("token expires at"), null=True, blank=True)
    health = models.CharField(_("health"), max_length=16, choices=Health.choices, default=Health.UNKNOWN)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    # Alert bookkeeping: one expiry alert per expiry date, one failure alert per failing spell.
    expiry_alert_for = models.DateTimeField(null=True, blank=True, editable=False)
    failure_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_active", "token_expires_at"], name="channel_active_expiry"),
            models.Index(fields=["health"], name="channel_health"),
        ]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:  # never the credentials
        return f"<Channel {self.pk} {self.kind} {self.name!r}>"

    # --- Credentials ---------------------------------------------------------

    def get_credentials(self) -> dict[str, str]:
        return crypto.decrypt(self.credentials_encrypted)

    def set_credentials(self, values: dict[str, str]) -> None:
        self.credentials_encrypted = crypto.encrypt(values)
        self.credentials_updated_at = timezone.now()

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)

    # --- Derived -------------------------------------------------------------

    @property
    def host(self) -> str:
        try:
            return (urlsplit(self.base_url).hostname or "").lower()
        except ValueError:
            return ""

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """Internal hosts the network guard lets through for this channel (its own host only)."""
        return (self.host,) if self.allow_internal_host and self.host else ()

    def expires_within(self, days: int) -> bool:
        if self.token_expires_at is None:
            return False
        return self.token_expires_at <= timezone.now() + datetime.timedelta(days=days)
