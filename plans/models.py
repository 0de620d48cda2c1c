"""The regional action plan: its nine sections, uploads, submitted versions and status history.

A plan (regionaal actieplan) belongs to one arbeidsmarktregio in one programme round. Each of its
nine sections keeps rich-text parts (sanitised HTML) and structured data (numbers, tables,
signatories) as JSON, with a version number for conflict detection. Submitting freezes everything
into an immutable ``PlanVersion``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from pow_portal.storage import get_private_storage, private_storage  # noqa: F401 - migrations name it here

from .constants import EDITABLE_STATES, FileSlot, PlanStatus, Section


class SectionLimit(models.Model):
    """The A4 page limit of one section in one programme round ("max 2 A4"), editable by the ministry."""

    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.CASCADE, related_name="section_limits"
    )
    section = models.CharField(_("onderdeel"), max_length=32, choices=Section.choices)
    max_pages = models.DecimalField(_("maximaal aantal A4"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["round", "section"]
        verbose_name = _("paginalimiet")
        verbose_name_plural = _("paginalimieten")
        constraints = [
            models.UniqueConstraint(fields=["round", "section"], name="one_limit_per_round_section"),
            models.CheckConstraint(condition=models.Q(max_pages__gt=0), name="limit_positive"),
        ]

    def __str__(self):
        return f"{self.get_section_display()}: max {self.max_pages} A4"


class Plan(models.Model):
    region = models.ForeignKey(
        Arbeidsmarktregio, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="plans"
    )
    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(_("status"), max_length=32, choices=PlanStatus.choices, default=PlanStatus.CONCEPT)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")
        constraints = [models.UniqueConstraint(fields=["region", "round"], name="one_plan_per_region_round")]

    def __str__(self):
        return f"{self.region} ({self.round})"

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATES


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    section = models.CharField(_("onderdeel"), max_length=32, choices=Section.choices)
    parts = models.JSONField(_("teksten"), default=dict, blank=True, help_text=_("Opgeschoonde HTML per tekstdeel."))
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)
    pages = models.DecimalField(_("A4 gebruikt"), max_digits=5, decimal_places=2, default=0)
    # The layout version and content hash ``pages`` was measured for (plans.page_limits.content_hash):
    # submission and review reuse ``pages`` while the section's print HTML still has this hash.
    pages_hash = models.CharField(max_length=96, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("onderdeel van een plan")
        verbose_name_plural = _("onderdelen van plannen")
        constraints = [models.UniqueConstraint(fields=["plan", "section"], name="one_row_per_plan_section")]

    def __str__(self):
        return f"{self.plan}: {self.get_section_display()}"


def _upload_path(instance, filename):
    return f"plans/{instance.plan_id}/{instance.slot}/{instance.sha256}"


class PlanFile(models.Model):
    """An uploaded file of a plan. The current one per slot is the newest; older ones stay for versions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(_("soort"), max_length=32, choices=FileSlot.choices)
    file = models.FileField(_("bestand"), storage=get_private_storage, upload_to=_upload_path, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort inhoud"), max_length=64)
    size = models.PositiveBigIntegerField(_("grootte"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width_px = models.PositiveIntegerField(null=True, blank=True)
    height_px = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(_("geüpload"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("bestand")
        verbose_name_plural = _("bestanden")

    def __str__(self):
        return self.original_name


class PlanVersion(models.Model):
    """An immutable snapshot made at submission: all sections, structured data and file hashes."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(_("inhoud"))
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(_("PDF"), storage=get_private_storage, upload_to="versions/", blank=True, max_length=300)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("ingediende versie")
        verbose_name_plural = _("ingediende versies")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.plan} v{self.number}"

    RENDER_FIELDS = frozenset({"pdf", "pdf_sha256", "pdf_rendered_at"})

    def save(self, *args, **kwargs):
        """A submitted version never changes; only its PDF is added once, after rendering."""
        if self.pk and not kwargs.get("update_fields"):
            raise ValueError("A submitted plan version is immutable.")
        if self.pk and not set(kwargs["update_fields"]) <= self.RENDER_FIELDS:
            raise ValueError("A submitted plan version is immutable.")
        super().save(*args, **kwargs)


class PlanStatusChange(models.Model):
    """The plan's history: every move of the workflow, who made it and when."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=32, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=32, choices=PlanStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self):
        return f"{self.plan}: {self.from_status} → {self.to_status}"
