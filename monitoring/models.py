"""Monitoring of progress (seed 002, "Financiering wordt voortgezet in 2020 bij goede voortgang in 2019").

Questionnaire periods (January and July), the national meetings and each region's attendance,
the support team's conversations with a region, progress reports (voortgangsrapportages) with
their frozen submitted versions, and the ministry's evaluation that releases the 2020 tranche.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import get_private_storage
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound

from .constants import (
    AttendanceStatus,
    EvaluationOutcome,
    ExportKind,
    ExportStatus,
    MeetingKind,
    PeriodKind,
    ReportStatus,
    ReviewOutcome,
)


class MonitoringPeriod(models.Model):
    """A questionnaire round of a programme round, e.g. "Januari 2020", with the day reports are due."""

    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.PROTECT, related_name="monitoring_periods"
    )
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=16, choices=PeriodKind.choices)
    counts_until = models.DateField(_("telt tot en met"), help_text=_("Matches worden geteld tot en met deze dag."))
    opens_on = models.DateField(_("open vanaf"))
    due_on = models.DateField(_("uiterste inleverdatum"))

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("monitoringperiode")
        verbose_name_plural = _("monitoringperiodes")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="one_period_name_per_round"),
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("due_on")), name="period_opens_before_due"
            ),
        ]

    def __str__(self):
        return self.name


class NationalMeeting(models.Model):
    """A landelijke bijeenkomst, the wethoudersbijeenkomst or a bestuurlijk overleg, as data of the round."""

    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.PROTECT, related_name="national_meetings"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("naam"), max_length=200)
    date = models.DateField(_("datum"))
    counts_for_attendance = models.BooleanField(
        _("telt mee voor deelname"),
        default=True,
        help_text=_("Deelname aan de landelijke bijeenkomsten is een voorwaarde voor de middelen van 2020."),
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("landelijke bijeenkomst")
        verbose_name_plural = _("landelijke bijeenkomsten")
        constraints = [models.UniqueConstraint(fields=["round", "title"], name="one_meeting_title_per_round")]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a region was at a national meeting, and who came. Recorded by the support team."""

    meeting = models.ForeignKey(NationalMeeting, on_delete=models.PROTECT, related_name="attendances")
    region = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("deelname"), max_length=16, choices=AttendanceStatus.choices)
    attendees = models.CharField(_("wie was er"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "region__name"]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [models.UniqueConstraint(fields=["meeting", "region"], name="one_attendance_per_meeting_region")]

    def __str__(self):
        return f"{self.meeting}: {self.region} {self.get_status_display()}"


class Conversation(models.Model):
    """A conversation of the support team with a region (twice a year, April and October)."""

    round = models.ForeignKey(ProgrammeRound, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField(_("datum gesprek"))
    participants = models.CharField(_("gesproken met"), max_length=500)
    agreements = models.TextField(_("afspraken"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self):
        return f"{self.region} {self.held_on:%d-%m-%Y}"


class FollowUp(models.Model):
    """An agreed follow-up of a conversation, with its due date."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("actie"), max_length=500)
    due_on = models.DateField(_("uiterlijk"))
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")

    def __str__(self):
        return self.description


class ProgressReport(models.Model):
    """The working draft of a region's progress report for one period. Submitting freezes a version."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="progress_reports")
    period = models.ForeignKey(MonitoringPeriod, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=32, choices=ReportStatus.choices, default=ReportStatus.CONCEPT)
    numbers = models.JSONField(_("aantallen"), default=dict, blank=True)
    texts = models.JSONField(_("teksten"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["period__due_on", "plan__region__name"]
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="one_report_per_plan_period")]

    def __str__(self):
        return f"{self.plan.region} — {self.period}"


class ProgressReportVersion(models.Model):
    """An immutable snapshot of a submitted report; only its PDF is added once, after rendering."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(_("inhoud"))
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_time = models.BooleanField(_("op tijd"))
    pdf = models.FileField(_("PDF"), storage=get_private_storage, upload_to="reports/", blank=True, max_length=300)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # The support team's review of this version.
    outcome = models.CharField(_("beoordeling"), max_length=32, choices=ReviewOutcome.choices, blank=True)
    review_comment = models.TextField(_("opmerkingen"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    MUTABLE_FIELDS = frozenset({"pdf", "pdf_sha256", "outcome", "review_comment", "reviewed_by", "reviewed_at"})

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("ingediende voortgangsrapportage")
        verbose_name_plural = _("ingediende voortgangsrapportages")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version_number")]

    def __str__(self):
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        """What the region submitted never changes; the PDF and the review are added later."""
        if self.pk:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.MUTABLE_FIELDS:
                raise ValueError("A submitted progress report is immutable.")
        super().save(*args, **kwargs)


class ProgressAdvice(models.Model):
    """The stuurgroep's advice on a region's progress (its November meeting), which the evaluation follows."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="progress_advice")
    meeting = models.ForeignKey(
        "review.StuurgroepMeeting", on_delete=models.PROTECT, null=True, blank=True, related_name="progress_advices"
    )
    good_progress = models.BooleanField(_("goede voortgang"))
    reasons = models.TextField(_("motivering"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("advies over de voortgang")
        verbose_name_plural = _("adviezen over de voortgang")

    def __str__(self):
        return f"{self.plan}: {self.good_progress}"


class Evaluation(models.Model):
    """The ministry's evaluation of a region's progress (February 2020): once per plan.

    ``good_progress`` is the ministry's judgement; ``attendance_ok`` is the attendance rule's outcome
    when the evaluation was recorded; the 2020 tranche follows only when both hold.
    """

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="evaluation")
    evaluated_on = models.DateField(_("datum evaluatie"))
    good_progress = models.BooleanField(_("goede voortgang"))
    attendance_ok = models.BooleanField(_("voldoende deelname aan landelijke bijeenkomsten"))
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=EvaluationOutcome.choices)
    reasons = models.TextField(_("motivering"))
    followed_advice = models.BooleanField(_("volgt het advies van de stuurgroep"), null=True)
    payment = models.OneToOneField(
        "review.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluation"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    letter = models.FileField(
        _("brief"), storage=get_private_storage, upload_to="evaluations/", blank=True, max_length=300
    )
    letter_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["plan__region__name"]
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self):
        return f"{self.plan}: {self.get_outcome_display()}"

    @property
    def granted(self):
        return self.outcome == EvaluationOutcome.TOEGEKEND


class GeneratedFile(models.Model):
    """A file built by a worker with its progress: the national overview PDF or a region's dossier zip.

    The overview is cached by ``digest`` (the approved versions it shows); a dossier is built per request.
    """

    kind = models.CharField(_("soort"), max_length=16, choices=ExportKind.choices)
    region = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    digest = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.WAITING)
    done_steps = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=get_private_storage, upload_to="exports/", blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gemaakt bestand")
        verbose_name_plural = _("gemaakte bestanden")

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        return int(self.done_steps * 100 / self.total_steps) if self.total_steps else 0
