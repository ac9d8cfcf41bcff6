"""Official letters (resmî yazı) in the layout of the 2020 correspondence regulation.

A letter is approvable: it runs through the paraf → paraf → imza chain of its
process, is downloaded as DOCX (to upload into EBYS) and PDF, and after it is
signed in EBYS its number, date and signed PDF are recorded here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Konu must not cross the page's vertical middle (m.13); 60 characters wrap into at most two lines there.
SUBJECT_MAX_LENGTH = 60


class Letter(models.Model):
    class Kind(models.TextChoices):
        INFO_NOTE_REQUEST = "info_note_request", _("Information-note request")
        TV_INTERVIEW = "tv_interview", _("TV/radio interview approval")
        MEETING_NOTICE = "meeting_notice", _("Meeting notice")
        DECISION_NOTICE = "decision_notice", _("Decision notice")
        PRESS_INVITATION = "press_invitation", _("Press invitation")
        OTHER = "other", _("Other letter")

    class Channel(models.TextChoices):
        ELECTRONIC = "E", _("Electronic (E)")
        PAPER = "Z", _("Paper, compulsory (Z)")
        EMERGENCY = "O", _("Emergency (O)")

    class Closing(models.TextChoices):
        ARZ = "arz ederim", _("arz ederim — to a superior or equal")
        RICA = "rica ederim", _("rica ederim — to a subordinate")
        ARZ_RICA = "arz ve rica ederim", _("arz ve rica ederim — mixed distribution")

    class Urgency(models.TextChoices):
        NONE = "", _("Not urgent")
        ACELE = "ACELE", _("ACELE (urgent)")
        GUNLUDUR = "GÜNLÜDÜR", _("GÜNLÜDÜR (dated)")

    class SigningMode(models.TextChoices):
        OWN = "", _("Own signature")
        ACTING = "V.", _("Acting (V.)")
        DELEGATED = "a.", _("On behalf of (… a.)")

    kind = models.CharField(_("kind of letter"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    process = models.ForeignKey(
        "organizations.Process", verbose_name=_("process"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("sender"), on_delete=models.PROTECT, related_name="+"
    )
    # Header (başlık): T.C. / institution in capitals / unit in initial capitals.
    header_institution = models.CharField(_("institution line"), max_length=120, help_text=_("e.g. KOCAELİ VALİLİĞİ"))
    header_unit = models.CharField(_("unit line"), max_length=120, help_text=_("e.g. İl Sağlık Müdürlüğü"))
    channel = models.CharField(_("correspondence channel"), max_length=1, choices=Channel.choices, default="E")
    detsis_no = models.CharField(_("DETSİS number"), max_length=20)
    file_plan_code = models.CharField(_("file plan code"), max_length=30, help_text=_("e.g. 010.06.02"))
    record_no = models.CharField(_("record number"), max_length=30, blank=True, help_text=_("Given by EBYS."))
    date = models.DateField(_("date"), default=timezone.localdate)
    subject = models.CharField(_("subject (Konu)"), max_length=90)
    addressee = models.CharField(_("addressee (muhatap)"), max_length=200, help_text=_("e.g. SAĞLIK BAKANLIĞINA"))
    addressee_unit = models.CharField(
        _("addressee unit"), max_length=200, blank=True, help_text=_("Shown in brackets under the addressee.")
    )
    references = models.JSONField(_("references (İlgi)"), default=list, blank=True)
    body = models.TextField(_("body"))
    closing = models.CharField(_("closing"), max_length=24, choices=Closing.choices, default=Closing.ARZ)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    signer_title = models.CharField(_("signer's title"), max_length=120)
    signing_mode = models.CharField(_("signing"), max_length=4, choices=SigningMode.choices, blank=True, default="")
    delegated_by = models.CharField(
        _("on behalf of"), max_length=60, blank=True, help_text=_("For “a.” signing, e.g. Vali.")
    )
    attachments = models.JSONField(_("attachments (Ek)"), default=list, blank=True)
    distribution_action = models.JSONField(_("distribution: for action (Gereği)"), default=list, blank=True)
    distribution_info = models.JSONField(_("distribution: for information (Bilgi)"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True, default="")
    contact_address = models.CharField(_("address"), max_length=255, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=60, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_kep = models.CharField(_("KEP address"), max_length=120, blank=True)
    contact_web = models.CharField(_("website"), max_length=120, blank=True)
    info_person = models.CharField(_("for information: name"), max_length=120, blank=True)
    info_title = models.CharField(_("for information: title"), max_length=120, blank=True)
    # After signing in EBYS.
    ebys_number = models.CharField(_("EBYS number"), max_length=60, blank=True)
    ebys_date = models.DateField(_("EBYS date"), null=True, blank=True)
    signed_pdf = models.FileField(_("signed PDF"), upload_to="letters/signed/", blank=True)
    ebys_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ebys_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official letter")
        verbose_name_plural = _("official letters")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "created_at"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    def clean(self) -> None:
        """Layout rules a person can break by typing (the form shows them next to the field)."""
        from pressdesk.documents.rendering.layout import ending_closing

        errors: dict[str, ValidationError] = {}
        subject = self.subject.strip()
        if subject.endswith("."):
            errors["subject"] = ValidationError(
                _("The subject (Konu) must not end with a full stop."), code="full_stop"
            )
        elif len(subject) > SUBJECT_MAX_LENGTH:
            errors["subject"] = ValidationError(
                _(
                    "The subject (Konu) is %(length)d characters long; keep it to %(limit)d so it does not cross "
                    "the middle of the page."
                ),
                code="too_long",
                params={"length": len(subject), "limit": SUBJECT_MAX_LENGTH},
            )
        if self.signing_mode == self.SigningMode.DELEGATED and not self.delegated_by.strip():
            errors["delegated_by"] = ValidationError(
                _("Say on whose behalf the letter is signed (e.g. Vali)."), code="delegated_by_missing"
            )
        ends_with = ending_closing(self.body)
        if ends_with and ends_with != self.closing:
            errors["closing"] = ValidationError(
                _("The body ends with “%(found)s” but the closing chosen is “%(closing)s”. Make them agree."),
                code="closing_mismatch",
                params={"found": ends_with, "closing": self.closing},
            )
        if errors:
            raise ValidationError(errors)

    # --- approvable -----------------------------------------------------------------
    @property
    def approval_process_code(self) -> str:
        return self.process.code

    def approval_title(self) -> str:
        return self.subject

    def approval_content(self) -> dict[str, Any]:
        """Everything an approver approves. Changing any of it invalidates earlier initials."""
        fields = [
            "kind", "header_institution", "header_unit", "channel", "detsis_no", "file_plan_code", "subject",
            "addressee", "addressee_unit", "references", "body", "closing", "signer_title", "signing_mode",
            "delegated_by", "attachments", "distribution_action", "distribution_info", "urgency",
            "contact_address", "contact_phone", "contact_email", "contact_kep", "contact_web", "info_person",
            "info_title",
        ]  # fmt: skip
        content = {name: getattr(self, name) for name in fields}
        content["date"] = self.date.isoformat()
        content["signer"] = self.signer.get_full_name() or self.signer.username
        content["sender"] = self.organization.name
        return content

    @property
    def sayi(self) -> str:
        """``E-12345678-010.06.02-`` followed by the EBYS record number once known."""
        return f"{self.channel}-{self.detsis_no}-{self.file_plan_code}-{self.record_no}"
