"""Process 3.1 steps 2–5: triage of monitored stories, notes, forwarding, alert rules and alerts.

The triage fields themselves live on ``monitoring.StoryTriage`` (relevance,
sentiment, importance, assignee; one row per story and province); this app
adds what surrounds them: notes, forwards by e-mail, the alert rules of a
province and the alerts they raised.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pressdesk.lib.models import CreatedStamp


class StoryNote(models.Model):
    """An internal note on a story, read only inside the organization it was written in (see ``queries``)."""

    story = models.ForeignKey(
        "monitoring.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="triage_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text=_("The author's organization when the note was written: who may read it."),
    )
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("story note")
        verbose_name_plural = _("story notes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["story", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class StoryForward(models.Model):
    """A story forwarded by e-mail with a note (kept as the record of who told whom)."""

    story = models.ForeignKey(
        "monitoring.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="triage_forwards"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sender"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.JSONField(_("recipients"), default=list)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("forwarded story")
        verbose_name_plural = _("forwarded stories")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.story_id} → {', '.join(self.recipients)}"


class AlertRule(CreatedStamp):
    """When a story (or a day's volume on a term) should reach people at once (process 3.1 step 3).

    Every condition that is set must hold (AND); an empty condition is not
    checked. A spike rule looks at volume instead of one story: today's
    matched items on a watch term against its daily mean over the last 14 days.
    """

    class SentimentCondition(models.TextChoices):
        ANY = "", _("Any")
        NEGATIVE = "negative", _("Negative")
        POSITIVE = "positive", _("Positive")

    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The rule applies to the stories of this organization's sources."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=SentimentCondition.choices, blank=True, default=""
    )
    institutions = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("institutions"),
        blank=True,
        related_name="+",
        help_text=_("Stories matched to these institutions or any unit under them."),
    )
    outlet_kinds = models.JSONField(_("outlet kinds"), default=list, blank=True)
    terms = models.ManyToManyField("monitoring.WatchTerm", verbose_name=_("watch terms"), blank=True, related_name="+")
    query = models.TextField(
        _("query"),
        blank=True,
        help_text=_("A Boolean query checked in the story's items (same syntax as watch terms)."),
    )
    spike = models.BooleanField(
        _("volume spike"),
        default=False,
        help_text=_("Alert when today's items on a watch term are far above its daily mean of the last 14 days."),
    )
    spike_factor = models.FloatField(_("spike factor"), default=3.0)
    spike_min_items = models.PositiveIntegerField(_("minimum items for a spike"), default=5)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("recipients"), related_name="+")
    send_sms = models.BooleanField(_("also by SMS"), default=False)
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    max_per_hour = models.PositiveIntegerField(
        _("at most alerts per hour"),
        default=20,
        help_text=_("A rule that would alert more often is held back and the administrators are warned."),
    )
    capped_at = models.DateTimeField(_("last held back"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["is_active", "organization"])]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    """One alert of a rule: once per story (never per outlet copy), or once per term and day for a spike."""

    rule = models.ForeignKey(AlertRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="alerts")
    story = models.ForeignKey(
        "monitoring.Story", verbose_name=_("story"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    key = models.CharField(max_length=80, editable=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    held_back = models.BooleanField(
        _("held back"), default=False, help_text=_("Not delivered: the rule reached its hourly limit.")
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    sms_due_at = models.DateTimeField(_("SMS due at"), null=True, blank=True, db_index=True)
    sms_sent_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)
    sms_error = models.TextField(_("SMS error"), blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="triage_alert_once_per_key")]
        indexes = [models.Index(fields=["rule", "created_at"])]

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.key}"


class AlertPreference(models.Model):
    """A person's own choice for alert SMS (in-app and e-mail are chosen on the notification preferences page)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="alert_preference"
    )
    sms = models.BooleanField(_("receive alerts by SMS"), default=True)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self) -> str:
        return str(self.user)


class SentimentModel(models.Model):
    """A sentiment model trained here (baseline set + the unit's labels); the newest active one is used."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    labels_used = models.PositiveIntegerField(_("staff labels used"), default=0)
    baseline_rows = models.PositiveIntegerField(_("baseline rows used"), default=0)
    payload = models.BinaryField(editable=False)
    digest = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("sentiment model")
        verbose_name_plural = _("sentiment models")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} ({self.labels_used})"
