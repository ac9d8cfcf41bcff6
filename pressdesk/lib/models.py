"""Abstract models for the fields many records share: who created a record and when.

Two kinds of record exist and keep their database shape:

* ``CreatedStamp``: configuration people set up (outlets, sources, watch terms,
  channels, alert rules): the author is optional and cleared if the user is
  ever deleted, the time defaults to now (a data import may set it);
* ``AuthoredStamp``: records that are evidence of what someone did
  (approval versions, deputyships, publications, press deliveries): the
  author is required and protected, the time is set when the row is written.

Neither adds a reverse accessor to ``User`` (``related_name="+"``). A model
whose author has another meaning (``Task.created_by`` is "assigned by", with
``user.tasks_given``) keeps its own fields.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CreatedStamp(models.Model):
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
        abstract = True


class AuthoredStamp(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True
