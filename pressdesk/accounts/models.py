"""Users and their roles."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from pressdesk.lib import turkish


class Role(models.TextChoices):
    STAFF = "staff", _("Unit staff")
    UNIT_HEAD = "unit_head", _("Unit head")
    CHIEF = "chief", _("Chief (head of presidency)")
    DIRECTOR = "director", _("Provincial health director")
    AFFILIATE_PRESS = "affiliate_press", _("Affiliated institution press officer")
    REQUESTER = "requester", _("Requester (other units)")
    ADMIN = "admin", _("System administrator")


# Roles of the provincial press unit and its line of command: they see the
# whole province (the subtree of their provincial directorate).
UNIT_ROLES = frozenset({Role.STAFF, Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR})
# Roles that give work to others (3.17 "üst amir").
SUPERIOR_ROLES = frozenset({Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR, Role.ADMIN})


class User(AbstractUser):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF, db_index=True)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    #: The home screen's cards the user chose, in order (``dashboard.queries.CARDS``); empty: the usual ones.
    home_cards = models.JSONField(_("home screen cards"), default=list, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_unit_member(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def is_superior(self) -> bool:
        return self.is_superuser or self.role in SUPERIOR_ROLES

    @property
    def initials(self) -> str:
        """Initials as on a paper paraf block, Turkish capitals (``İsmail Işık`` → ``İI``)."""
        parts = [self.first_name, self.last_name]
        letters = "".join(part.strip()[:1] for part in parts if part.strip())
        return turkish.upper(letters) or turkish.upper(self.username[:2])

    @property
    def display_name_upper(self) -> str:
        """The name as printed in a signature block (Turkish capitals)."""
        return turkish.upper(self.get_full_name() or self.username)


class UserImport(models.Model):
    """An uploaded user list: waiting for the administrator's confirmation, then imported.

    ``rows`` holds what the file said, one ``{"line": …, "values": {…}}`` per
    data row; validation runs again on every look and at confirmation, so the
    report never goes stale. The ``token`` in the URL is random, and the
    status makes confirming a second time a no-op. After the import the rows
    are dropped (they are personal data) and only the outcome is kept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    rows = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    # [{"line": 2, "user_id": 15, "username": "ayse"}, …] and [3, 7, …]
    imported = models.JSONField(default=list, blank=True)
    skipped_lines = models.JSONField(default=list, blank=True)
    emails_requested = models.BooleanField(_("set-password e-mails requested"), default=False)

    class Meta:
        verbose_name = _("user import")
        verbose_name_plural = _("user imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def raw_rows(self) -> list[tuple[int, dict[str, Any]]]:
        return [(int(row["line"]), dict(row["values"])) for row in self.rows]
