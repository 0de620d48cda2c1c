"""Beoordeling en financiering: completeness checks, comments, stuurgroep advice, decisions and circulaires."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import get_private_storage
from pow_portal.models import ProgrammeRound

from .constants import (
    ACTIVE_PAYMENT_STATES,
    AdviceKind,
    CheckItemKey,
    CirculaireStatus,
    CorrectionKind,
    DecisionKind,
    ExportFormat,
    PaymentKind,
    PaymentStatus,
    SubmissionWindow,
)


class Circulaire(models.Model):
    """A gemeentefonds circulaire (e.g. the septembercirculaire 2019) with BZK's deadline for entries."""

    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.PROTECT, related_name="circulaires"
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("jaar"))
    bzk_deadline = models.DateField(_("deadline BZK"))
    publication_date = models.DateField(_("publicatiedatum"), null=True, blank=True)
    window = models.CharField(
        _("indienvenster"),
        max_length=16,
        choices=[c for c in SubmissionWindow.choices if c[0] != SubmissionWindow.LATE],
        blank=True,
        help_text=_("Plannen uit dit venster met een positief advies vóór de deadline BZK komen op deze lijst."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CirculaireStatus.choices, default=CirculaireStatus.OPEN
    )
    locked_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["bzk_deadline"]
        verbose_name = _("circulaire")
        verbose_name_plural = _("circulaires")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "window"], condition=~models.Q(window=""), name="one_circulaire_per_window"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_locked(self):
        return self.status == CirculaireStatus.VASTGESTELD


class Payment(models.Model):
    """A tranche of the decentralisatie-uitkering to a region's centrumgemeente, paid through a circulaire.

    An *uitkering* is reserved at a positive advice and confirmed by the approval (review.schedule has the
    rule). A *verrekening* (negative) corrects an uitkering on a list that was already reported to BZK.
    One active uitkering per region, round and tranche, enforced by the database. Never deleted.
    """

    round = models.ForeignKey(ProgrammeRound, on_delete=models.PROTECT, related_name="payments")
    region = models.ForeignKey("pow_portal.Arbeidsmarktregio", on_delete=models.PROTECT, related_name="payments")
    centrumgemeente = models.CharField(_("centrumgemeente"), max_length=100)
    kind = models.CharField(_("soort"), max_length=16, choices=PaymentKind.choices, default=PaymentKind.UITKERING)
    tranche = models.PositiveSmallIntegerField(_("tranche (jaar)"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    advice = models.ForeignKey("Advice", on_delete=models.PROTECT, null=True, blank=True, related_name="payments")
    decision = models.ForeignKey("Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="payments")
    corrects = models.ForeignKey(
        "self", verbose_name=_("verrekent"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window = models.CharField(_("indienvenster"), max_length=16, choices=SubmissionWindow.choices, blank=True)
    basis = models.CharField(_("grondslag"), max_length=200, blank=True)
    reason = models.CharField(_("waarom op deze circulaire"), max_length=300, blank=True)
    circulaire = models.ForeignKey(Circulaire, on_delete=models.PROTECT, null=True, blank=True, related_name="payments")
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.BEVESTIGD
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region", "tranche"],
                condition=models.Q(kind="uitkering", status__in=[s.value for s in ACTIVE_PAYMENT_STATES]),
                name="one_payment_per_region_round_tranche",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="uitkering", amount__gt=0) | models.Q(kind="verrekening", amount__lt=0),
                name="payment_amount_sign_by_kind",
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.tranche}: {self.amount}"

    @property
    def is_reserved(self):
        return self.status == PaymentStatus.GERESERVEERD


class PaymentCorrection(models.Model):
    """A move or cancellation of a payment by the ministry, with its reason. Payments are never deleted."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(_("soort"), max_length=16, choices=CorrectionKind.choices)
    from_circulaire = models.ForeignKey(Circulaire, on_delete=models.PROTECT, null=True, related_name="+")
    to_circulaire = models.ForeignKey(Circulaire, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(_("reden"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")

    def __str__(self):
        return f"{self.payment}: {self.get_kind_display()}"


class CirculaireExport(models.Model):
    """An export of a locked payment list, made once at locking: every later download is this very file."""

    circulaire = models.ForeignKey(Circulaire, on_delete=models.PROTECT, related_name="exports")
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    file = models.FileField(storage=get_private_storage, upload_to="payment-lists/", max_length=300)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circulaire", "format"], name="one_export_per_format")]

    def __str__(self):
        return f"{self.circulaire} {self.format}"


class CompletenessCheck(models.Model):
    """The support team's completeness check of one submitted version. A new version gets a new check."""

    version = models.OneToOneField(
        "plans.PlanVersion", verbose_name=_("versie"), on_delete=models.PROTECT, related_name="completeness"
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    class Meta:
        verbose_name = _("volledigheidstoets")
        verbose_name_plural = _("volledigheidstoetsen")

    def __str__(self):
        return f"{self.version}"

    @property
    def is_decided(self):
        return all(item.confirmed is not None for item in self.items.all())

    @property
    def is_complete(self):
        return all(item.confirmed for item in self.items.all())


class CheckItem(models.Model):
    completeness = models.ForeignKey(CompletenessCheck, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("punt"), max_length=32, choices=CheckItemKey.choices)
    prefilled = models.BooleanField(_("voorstel van het portaal"), null=True)
    prefill_reason = models.TextField(_("waarom"), blank=True)
    confirmed = models.BooleanField(_("oordeel"), null=True)
    note = models.TextField(_("toelichting"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("toetspunt")
        verbose_name_plural = _("toetspunten")
        constraints = [models.UniqueConstraint(fields=["completeness", "key"], name="one_item_per_check_key")]

    def __str__(self):
        return self.get_key_display()


class SectionComment(models.Model):
    """A reviewer's comment on one section of a version, shown to the region beside that section."""

    version = models.ForeignKey("plans.PlanVersion", on_delete=models.PROTECT, related_name="comments")
    section = models.CharField(_("onderdeel"), max_length=32)
    text = models.TextField(_("opmerking"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("geplaatst"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")

    def __str__(self):
        return self.text[:50]


class StuurgroepMeeting(models.Model):
    """A meeting of the stuurgroep (steering group), which advises the staatssecretaris."""

    date = models.DateField(_("datum"), unique=True)
    title = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("vergadering stuurgroep")
        verbose_name_plural = _("vergaderingen stuurgroep")

    def __str__(self):
        return self.title or f"Stuurgroep {self.date:%d-%m-%Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(StuurgroepMeeting, on_delete=models.PROTECT, related_name="agenda")
    version = models.ForeignKey("plans.PlanVersion", on_delete=models.PROTECT, related_name="agenda_items")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "added_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="version_once_per_meeting")]

    def __str__(self):
        return f"{self.meeting}: {self.version}"


class Advice(models.Model):
    version = models.OneToOneField("plans.PlanVersion", on_delete=models.PROTECT, related_name="advice")
    meeting = models.ForeignKey(StuurgroepMeeting, on_delete=models.PROTECT, related_name="advices")
    kind = models.CharField(_("advies"), max_length=32, choices=AdviceKind.choices)
    advised_on = models.DateField(_("datum advies"))
    reasons = models.TextField(_("motivering"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")

    def __str__(self):
        return f"{self.version}: {self.get_kind_display()}"


class Decision(models.Model):
    """The staatssecretaris's decision on a plan: one per plan."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="decision")
    version = models.ForeignKey("plans.PlanVersion", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("besluit"), max_length=16, choices=DecisionKind.choices)
    decided_on = models.DateField(_("datum besluit"))
    reference = models.CharField(_("kenmerk"), max_length=100)
    term_ends_on = models.DateField(_("looptijd tot"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    letter = models.FileField(
        _("besluitbrief"), storage=get_private_storage, upload_to="letters/", blank=True, max_length=300
    )
    letter_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return f"{self.plan}: {self.get_kind_display()}"


class LetterTemplate(models.Model):
    """The text of the decision letter, editable by the ministry (Django template syntax)."""

    kind = models.CharField(_("soort besluit"), max_length=16, choices=DecisionKind.choices, unique=True)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(
        _("tekst"),
        help_text=_(
            "Beschikbaar: {{ region }}, {{ centrumgemeente }}, {{ wethouder }}, {{ werkgever }}, "
            "{{ submitted_on }}, {{ decided_on }}, {{ reference }}, {{ amount }}, {{ circulaire }}, {{ term_ends_on }}."
        ),
    )

    class Meta:
        verbose_name = _("sjabloon besluitbrief")
        verbose_name_plural = _("sjablonen besluitbrief")

    def __str__(self):
        return self.get_kind_display()
