"""The public's voice (Denizli duty 4): complaints, suggestions, questions, praise and
misinformation that reach the public through the media and social networks.

Staff mark a monitored story as one of these (a ``Voice``, one per story and province,
like the province's triage); a complaint is routed to the institution concerned, whose
press officer sees it in İşlerim with the original posts, records what was done and,
optionally, the public reply. Deadlines are business days, as for information notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Voice(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")
        QUESTION = "question", _("Question")
        PRAISE = "praise", _("Praise")
        MISINFORMATION = "misinformation", _("Misinformation")

    class Status(models.TextChoices):
        NOTED = "noted", _("Noted")  # recorded for the statistics, nobody is asked
        ROUTED = "routed", _("Waiting for the institution")
        ANSWERED = "answered", _("Answered by the institution")
        CLOSED = "closed", _("Closed")

    OPEN = (Status.ROUTED,)

    story = models.ForeignKey("monitoring.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The provincial directorate whose unit recorded it."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NOTED)
    institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (business days)"), default=3)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    action_taken = models.TextField(_("action taken"), max_length=4000, blank=True)
    public_reply = models.TextField(_("public reply"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_on = models.DateField(_("institution reminded on"), null=True, blank=True)
    escalated_on = models.DateField(_("unit head told of the delay on"), null=True, blank=True)

    class Meta:
        verbose_name = _("public voice")
        verbose_name_plural = _("public voices")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["story", "province"], name="publicvoice_one_per_story")]
        indexes = [
            models.Index(fields=["province", "status", "deadline"]),
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["province", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.story}"

    def get_absolute_url(self) -> str:
        return reverse("publicvoice:detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.ROUTED and self.deadline is not None and self.deadline < timezone.localdate()
