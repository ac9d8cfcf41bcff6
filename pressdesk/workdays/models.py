"""Public holidays as data: business-day arithmetic reads them, an administrator corrects them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National holiday")
        RELIGIOUS = "religious", _("Religious holiday")
        EVE = "eve", _("Eve (half day)")
        ADMINISTRATIVE = "administrative", _("Administrative leave")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NATIONAL)
    half_day = models.BooleanField(
        _("half day"),
        default=False,
        help_text=_("Only the afternoon is off (e.g. the eve of a Bayram); the day still counts as a business day."),
    )
    source = models.CharField(_("source"), max_length=20, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.name}"
