"""Users and roles, the arbeidsmarktregio's, the programme round, the audit trail, the mail outbox and the
background jobs."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import ROUND_EDITOR_ROLES, Role
from .permissions import has_role
from .storage import get_private_storage


class Arbeidsmarktregio(models.Model):
    """One of the 35 labour-market regions (arbeidsmarktregio's) of 2019, led by a centrumgemeente."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    centrumgemeente = models.CharField(_("centrumgemeente"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A portal user with one role; a regio-medewerker belongs to exactly one region."""

    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        Arbeidsmarktregio,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Alleen voor regio-medewerkers: de regio waarvoor deze gebruiker werkt."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                name="user_region_iff_regio_role",
                condition=(Q(role=Role.REGIO, region__isnull=False) | (~Q(role=Role.REGIO) & Q(region__isnull=True))),
                violation_error_message=_("Een regio-medewerker hoort bij precies één regio; andere rollen bij geen."),
            ),
        ]

    def save(self, *args, **kwargs):
        # Ministry and application admins keep programme data in the Django admin.
        if has_role(self, *ROUND_EDITOR_ROLES):
            self.is_staff = True
        elif not self.is_superuser:
            self.is_staff = False
        super().save(*args, **kwargs)

    @property
    def role_label(self):
        return Role(self.role).label if self.role else ""


class ProgrammeRoundQuerySet(models.QuerySet):
    def current(self):
        """The round the portal works in now: the one marked current, else the latest."""
        return self.filter(is_current=True).first() or self.order_by("-starts_on").first()


class ProgrammeRound(models.Model):
    """A programme round (programmaronde), e.g. 2019-2020: its deadlines and money, kept as data.

    Dates and amounts come from seed 002 ("Planning Perspectief op Werk 2019", "Stimulans") and are
    editable by the ministry in the admin, so a next round reuses the portal.
    """

    name = models.CharField(_("naam"), max_length=50, unique=True)
    starts_on = models.DateField(_("start"))
    early_deadline = models.DateField(
        _("uiterste indiendatum voor de septembercirculaire"),
        help_text=_("Plannen die uiterlijk op deze dag zijn ingediend, worden besproken voor de septembercirculaire."),
    )
    submission_deadline = models.DateField(
        _("uiterste indiendatum"),
        help_text=_("Plannen die uiterlijk op deze dag zijn ingediend, worden besproken voor de decembercirculaire."),
    )
    submission_extended_until = models.DateField(
        _("indienen verlengd tot"),
        null=True,
        blank=True,
        help_text=_("Laat leeg, tenzij het ministerie het indienen na de uiterste indiendatum toestaat."),
    )
    amount_per_tranche = models.DecimalField(
        _("bedrag per tranche (incl. btw)"), max_digits=12, decimal_places=2, default=Decimal("1000000.00")
    )
    yearly_budget = models.DecimalField(
        _("budget per jaar"), max_digits=14, decimal_places=2, default=Decimal("35000000.00")
    )
    plan_term_years = models.PositiveSmallIntegerField(_("looptijd plan (jaren)"), default=2)
    is_current = models.BooleanField(_("huidige ronde"), default=False)

    objects = ProgrammeRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programmaronde")
        verbose_name_plural = _("programmarondes")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_round"),
            models.CheckConstraint(
                name="round_early_deadline_before_deadline",
                condition=Q(early_deadline__lte=models.F("submission_deadline")),
                violation_error_message=_("De datum voor de septembercirculaire ligt na de uiterste indiendatum."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def closes_on(self):
        """The last day a plan may be submitted."""
        return self.submission_extended_until or self.submission_deadline

    def is_open_on(self, day):
        return self.starts_on <= day <= self.closes_on


class AuditEvent(models.Model):
    """An append-only row for every state change: who did what to which object, when."""

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("door"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("actie"), max_length=64)
    object_type = models.CharField(_("soort object"), max_length=64)
    object_id = models.CharField(_("object"), max_length=64)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditregels")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) of a change in Beheer; empty for other events."""
        data = self.data if isinstance(self.data, dict) else {}
        before, after = data.get("before") or {}, data.get("after") or {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            return []
        return [(field, before.get(field), after.get(field)) for field in data.get("fields") or []]


class Notification(models.Model):
    """An e-mail in the outbox. Written in the transaction that causes it, sent by a background job.

    ``key`` makes queuing idempotent: the same event never mails twice.
    """

    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    to = models.JSONField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return self.subject


class JobState(models.TextChoices):
    WAITING = "waiting", _("wacht")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class Job(models.Model):
    """One piece of background work (a PDF, a letter, a mail, an export, a dossier), written in the transaction
    that causes it and carried out by a worker after commit (``pow_portal/jobs.py``).

    A worker claims it with a lease; a claim whose lease ran out (worker killed, time limit) is taken back by the
    beat job. A failure waits ``next_attempt_at`` (exponential backoff) and stops after ``max_attempts``, failed
    with its reason, until someone tries again. ``key`` makes queuing idempotent. A job that builds a file keeps
    it here (``file``, ``sha256``) with its progress.
    """

    kind = models.CharField(_("soort"), max_length=64)
    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    payload = models.JSONField(_("gegevens"), default=dict)
    state = models.CharField(_("status"), max_length=16, choices=JobState.choices, default=JobState.WAITING)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    requested_by = models.ForeignKey(
        User, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("laatst aangeboden"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    max_attempts = models.PositiveIntegerField(_("maximaal aantal pogingen"), default=5)
    claimed_by = models.CharField(_("geclaimd door"), max_length=100, blank=True)
    lease_until = models.DateTimeField(_("claim geldig tot"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    last_error = models.TextField(_("reden"), blank=True)
    done_at = models.DateTimeField(_("verwerkt"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(_("stappen klaar"), default=0)
    progress_total = models.PositiveIntegerField(_("stappen"), default=0)
    progress_message = models.CharField(_("voortgang"), max_length=200, blank=True)
    file = models.FileField(_("bestand"), storage=get_private_storage, upload_to="jobs/", blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("verwerkingstaak")
        verbose_name_plural = _("verwerkingstaken")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="job_due"),
            models.Index(fields=["state", "lease_until"], name="job_lease"),
            models.Index(fields=["kind", "state"], name="job_kind_state"),
        ]

    def __str__(self):
        return self.key

    @property
    def is_done(self):
        return self.state == JobState.DONE

    @property
    def is_failed(self):
        return self.state == JobState.FAILED

    @property
    def percent(self):
        if self.state == JobState.DONE:
            return 100
        return int(self.progress_done * 100 / self.progress_total) if self.progress_total else 0


# ---- Sign-in through the user's organisation (OpenID Connect) ------------------------------------------
from django_otp.models import Device  # noqa: E402 - kept with the model it serves


class OIDCIdentity(Device):
    """A user's account at an identity provider, found by the provider's ``sub``, never by e-mail after linking.

    A django-otp device, so a session whose provider vouched for a second factor is verified by it; it never
    verifies a typed code."""

    DEVICE_NAME = "Inloggen via uw organisatie"

    issuer = models.CharField(_("identity provider"), max_length=255)
    sub = models.CharField(_("kenmerk bij de identity provider (sub)"), max_length=255)
    linked_at = models.DateTimeField(_("gekoppeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("koppeling met identity provider")
        verbose_name_plural = _("koppelingen met identity providers")
        constraints = [models.UniqueConstraint(fields=["issuer", "sub"], name="oidc_identity_issuer_sub_unique")]

    def verify_token(self, token):
        return False


class Passkey(Device):
    """A passkey (WebAuthn credential) as a second factor: a django-otp device verified by a signed challenge,
    never by a typed code. ``name`` (from Device) is the user's own label."""

    credential_id = models.CharField(_("kenmerk"), max_length=1024, unique=True)  # base64url
    public_key = models.BinaryField(_("publieke sleutel"))
    sign_count = models.PositiveBigIntegerField(_("teller"), default=0)
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ["created_at", "id"]

    def verify_token(self, token):
        return False


class RoleGrant(models.Model):
    """A request to give an account the ministerie or beheerder role, which approves plans, moves money or
    keeps the portal: it takes effect only when a second beheerder confirms it, never the requester or the
    account itself."""

    class Status(models.TextChoices):
        PENDING = "wacht", _("Wacht op bevestiging")
        CONFIRMED = "bevestigd", _("Bevestigd")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    user = models.ForeignKey(User, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        User, verbose_name=_("gevraagd door"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, verbose_name=_("besloten door"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="wacht"), name="one_pending_grant_per_user")
        ]

    def __str__(self):
        return f"{self.user} → {self.get_role_display()} ({self.get_status_display()})"


class ReconcileRun(models.Model):
    """One run of ``manage.py reconcile`` (also a daily beat job): what it found, shown on "Wacht op verwerking"."""

    ran_at = models.DateTimeField(_("uitgevoerd op"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("alles klopt"))
    problems = models.JSONField(_("afwijkingen"), default=list, blank=True)
    checked = models.JSONField(_("gecontroleerd"), default=dict, blank=True)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("controle van de betalingen")
        verbose_name_plural = _("controles van de betalingen")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {len(self.problems)}"
