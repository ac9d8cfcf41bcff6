"""The organization tree, the process catalog and the responsibility matrix."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PATH_STEP = 8  # each path segment is the zero-padded primary key, 8 digits


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    GENERAL_DIRECTORATE = "general_directorate", _("General Directorate")
    GOVERNORSHIP = "governorship", _("Governorship")
    PROVINCIAL_DIRECTORATE = "provincial_directorate", _("Provincial Health Directorate")
    PRESIDENCY = "presidency", _("Presidency")
    UNIT = "unit", pgettext_lazy("organization kind", "Unit")
    HOSPITAL = "hospital", _("Hospital")
    DISTRICT_DIRECTORATE = "district_directorate", _("District Health Directorate")
    EMERGENCY_112 = "emergency_112", _("112 Emergency Health Services")
    EXTERNAL_PRESS_UNIT = "external_press_unit", _("External press unit")
    MEDIA_OUTLET = "media_outlet", _("Media outlet")


# Kinds whose press officers submit news and answer information-note requests.
AFFILIATE_KINDS = (
    OrganizationKind.HOSPITAL,
    OrganizationKind.DISTRICT_DIRECTORATE,
    OrganizationKind.EMERGENCY_112,
)


class Organization(models.Model):
    """A node of the organization tree.

    ``path`` is a materialised path of zero-padded primary keys
    (``00000001/00000004/``) so that "this organization and everything under
    it" is one indexed ``startswith`` filter. It is maintained by
    ``organizations.actions``; nothing else writes it.
    """

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short unique code, used in imports and file names, e.g. koc-ism."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    province = models.CharField(_("province"), max_length=60, blank=True)
    detsis_no = models.CharField(
        _("DETSİS number"),
        max_length=20,
        blank=True,
        help_text=_("The organization's number in the state organization registry, used on official letters."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> models.QuerySet[Organization]:
        """This organization's ancestors, root first (one query)."""
        segments = [self.path[i : i + PATH_STEP + 1] for i in range(0, len(self.path), PATH_STEP + 1)]
        prefixes = ["".join(segments[: n + 1]) for n in range(len(segments) - 1)]
        return Organization.objects.filter(path__in=prefixes).order_by("depth")

    def subtree_filter(self, prefix: str = "") -> Q:
        """A Q object selecting records whose organization is this one or below it."""
        return Q(**{f"{prefix}path__startswith": self.path})


class Process(models.Model):
    """A process of the unit's job description (3.1–3.17, 1.1–1.4)."""

    class Source(models.TextChoices):
        KOCAELI = "kocaeli", _("Kocaeli job description (3.x)")
        DENIZLI = "denizli", _("Denizli job description (1.x)")

    code = models.CharField(_("process code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source document"), max_length=16, choices=Source.choices)
    duty = models.TextField(_("duty"), blank=True, help_text=_("The duty in the job description this process serves."))
    sort_key = models.CharField(max_length=20, editable=False, db_index=True)
    needs_external_approval = models.BooleanField(
        _("needs external approval when it goes to the press"),
        default=False,
        help_text=_("Ministry, General Directorate and Governorship press units approve before the press receives it."),
    )
    step_due_hours = models.PositiveIntegerField(
        _("hours allowed for each approval step"),
        default=24,
    )

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcessStep(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step number"))
    text = models.TextField(_("step"))

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["process", "number"]
        constraints = [models.UniqueConstraint(fields=["process", "number"], name="unique_process_step_number")]

    def __str__(self) -> str:
        return f"{self.process.code}.{self.number}"


class Responsibility(models.Model):
    """One row of the responsibility matrix.

    A row with no organization is the deployment's default; a row for a
    provincial directorate overrides it for that province, so a national
    deployment can hold every province's matrix without a schema change.
    The role fields hold role codes from ``accounts.Role``.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="responsibilities")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty for the default that applies everywhere."),
    )
    all_staff = models.BooleanField(_("all staff are responsible"), default=False)
    responsible_1 = models.CharField(_("1st responsible"), max_length=20, blank=True)
    responsible_2 = models.CharField(_("2nd responsible"), max_length=20, blank=True)
    responsible_3 = models.CharField(_("3rd responsible"), max_length=20, blank=True)
    control_1 = models.CharField(_("1st control (initial)"), max_length=20, blank=True)
    control_2 = models.CharField(_("2nd control (initial)"), max_length=20, blank=True)
    control_3 = models.CharField(_("3rd control (signature)"), max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibility matrix")
        constraints = [
            models.UniqueConstraint(fields=["process", "organization"], name="unique_responsibility_per_org"),
            models.UniqueConstraint(
                fields=["process"],
                condition=Q(organization__isnull=True),
                name="unique_default_responsibility",
            ),
        ]

    def __str__(self) -> str:
        return str(self.process)

    def controls(self) -> list[str]:
        """The control chain as role codes, in order (empty slots dropped)."""
        return [role for role in (self.control_1, self.control_2, self.control_3) if role]
