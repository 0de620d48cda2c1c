"""Writes of the plans app: drafting sections, uploading files and submitting."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.jobs import job_add
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
from pow_portal.selectors import active_emails
from pow_portal.services import audit_log, notification_queue
from pow_portal.storage import files_removed_on_rollback

from . import gauge, page_limits
from .checklist import plan_checklist
from .constants import FileSlot, PlanStatus, Section
from .models import Plan, PlanFile, PlanSection, PlanVersion
from .permissions import ERROR_NOT_EDITABLE, ERROR_NOT_YOUR_REGION, check_can_edit
from .richtext import clean_html
from .sections import spec_for
from .selectors import plan_latest_version
from .snapshot import plan_snapshot
from .uploads import IMAGE_ONLY, PDF_ONLY, check_upload
from .workflow import plan_transition

logger = logging.getLogger(__name__)

__all__ = ["ERROR_NOT_EDITABLE", "ERROR_NOT_YOUR_REGION"]  # re-exported: tests and callers know them from here

# The pages_hash of a section without a limit: nothing to measure, nothing pending.
NOT_MEASURED = "-"

ERROR_ROUND_CLOSED = _("Indienen kan niet meer: de termijn is op %(date)s gesloten.")
ERROR_INCOMPLETE = _("Het plan is nog niet compleet. Bekijk wat er nog ontbreekt.")
ERROR_WITHDRAW_REASON = _("Geef de reden waarom u het plan intrekt.")

SLOT_KINDS = {
    FileSlot.INFRASTRUCTUUR: IMAGE_ONLY,
    FileSlot.ONDERTEKENING: PDF_ONLY,
    FileSlot.SAMENWERKINGSOVEREENKOMST: PDF_ONLY,
}
SLOT_SECTION = {
    FileSlot.INFRASTRUCTUUR: Section.BETROKKENEN,
    FileSlot.ONDERTEKENING: Section.ONDERTEKENING,
    FileSlot.SAMENWERKINGSOVEREENKOMST: Section.SAMENWERKINGSOVEREENKOMST,
}


class SectionConflict(Exception):
    """Someone saved the section after the version the user started from."""

    def __init__(self, current: PlanSection):
        super().__init__("section version conflict")
        self.current = current


@dataclass(frozen=True)
class SectionSaved:
    section: PlanSection
    verdict: page_limits.Verdict | None  # None for a section without a page limit
    changed: bool = True

    @property
    def over_limit(self) -> bool:
        return self.verdict is not None and self.verdict.over

    @property
    def pages(self) -> Decimal:
        return self.section.pages

    @property
    def limit(self) -> Decimal | None:
        return self.verdict.limit if self.verdict is not None else None


def plan_get_or_create(*, region: Arbeidsmarktregio, round: ProgrammeRound) -> Plan:
    with transaction.atomic():
        plan, _created = Plan.objects.get_or_create(region=region, round=round)
        existing = set(plan.sections.values_list("section", flat=True))
        PlanSection.objects.bulk_create(
            [PlanSection(plan=plan, section=key) for key in Section if key.value not in existing]
        )
    return plan


def _verdict(row: PlanSection, limit) -> page_limits.Verdict | None:
    """The page-limit verdict of the section's stored measure (None for a section without a limit)."""
    return None if limit is None else page_limits.verdict(row.section, row.pages, limit)


def _measure(plan: Plan, key: str, *, section_content: dict | None = None) -> page_limits.Measure:
    """The section's A4 measure, outside any lock; ``section_content`` replaces the stored text and data."""
    if page_limits.limit_for(plan.round, key) is None:
        return page_limits.Measure(Decimal(0), NOT_MEASURED)
    snapshot = plan_snapshot(plan)
    if section_content is not None:
        snapshot["sections"][key] = {**snapshot["sections"][key], **section_content}
    return page_limits.measure_section_hashed(snapshot, key)


def section_update(
    *,
    section: PlanSection,
    parts: dict[str, str] | None = None,
    data: dict | None = None,
    expected_version: int,
    by: User,
    measure_later: bool = False,
    preview: str = "",
) -> SectionSaved:
    """Save a section's text parts and/or structured data, if nobody saved it since ``expected_version``.

    Over-limit text is saved all the same (only submission is blocked). Raises SectionConflict with
    the stored section when the versions differ: the caller shows both texts and lets the user choose.
    A text that did not change is not written, versioned or audited. The A4 measure runs before the row
    is locked (it is the slow part); the version check under the lock then makes sure the measure
    belongs to the text that is stored.

    With ``measure_later`` (the autosave) the text is saved at once and a worker measures it after the commit
    (``section_measure``); until then ``pages`` is the previous text's measure and ``pages_hash`` is empty, so
    nobody takes it for this text's. ``preview`` is the browser's figure for the text (compared, then logged).
    """
    row = PlanSection.objects.select_related("plan__round", "plan__region").get(pk=section.pk)
    check_can_edit(row.plan, by)
    if row.version != expected_version:
        logger.info("conflict: section %s is at version %s, user %s started from %s", row.pk, row.version,
                    by.pk, expected_version)  # fmt: skip
        raise SectionConflict(row)
    spec = spec_for(row.section)
    new_parts, new_data = row.parts, row.data
    if parts is not None:
        allowed = {p.key for p in spec.parts}
        new_parts = {**row.parts, **{k: clean_html(v) for k, v in parts.items() if k in allowed}}
    if data is not None:
        new_data = {**row.data, **data}
    limit = page_limits.limit_for(row.plan.round, row.section)
    if new_parts == row.parts and new_data == row.data:
        return SectionSaved(row, _verdict(row, limit), changed=False)
    if measure_later and limit is not None:
        measure = page_limits.Measure(row.pages, "")
    else:
        measure = _measure(row.plan, row.section, section_content={"parts": new_parts, "data": new_data})
    with transaction.atomic():
        locked = (
            PlanSection.objects.select_for_update(of=("self",))
            .select_related("plan__round", "plan__region")
            .get(pk=section.pk)
        )
        check_can_edit(locked.plan, by)
        if locked.version != expected_version:
            logger.info("conflict: section %s is at version %s, user %s started from %s", locked.pk, locked.version,
                        by.pk, expected_version)  # fmt: skip
            raise SectionConflict(locked)
        locked.parts, locked.data = new_parts, new_data
        locked.version += 1
        locked.updated_by = by
        locked.pages, locked.pages_hash = measure.pages, measure.digest
        locked.save()
        audit_log(actor=by, action="section.update", obj=locked, data={"version": locked.version})
        if measure_later and limit is not None:
            mark = [locked.version, locked.plan_id, locked.section, str(locked.pages), str(limit)]
            section_id, version = locked.pk, locked.version
            transaction.on_commit(lambda: measure_schedule(section_id, version, preview=preview, mark=mark))
        elif limit is not None:
            transaction.on_commit(lambda: _gauge_measured(section.pk))
    return SectionSaved(locked, _verdict(locked, limit))


# ---- The exact measure of autosaved texts, off the page requests ------------------------------------------------
# One boundary, so that it can move onto a general job model as a whole: ``measure_schedule`` after the commit of
# a save, ``section_measure`` in a worker on the measure queue (POW_MEASURE_QUEUE), ``measure_requeue`` from the
# gauge's poll, ``sections_measure_pending`` from beat. No page request ever lays a section out here.
QUEUED_SECONDS = 120


def _queued_key(section_id: int) -> str:
    return f"a4:queued:{section_id}"


def _preview_key(section_id: int, version: int) -> str:
    return f"a4:preview:{section_id}:{version}"


def measure_schedule(section_id: int, version: int, *, preview: str = "", mark: list | None = None) -> None:
    """Queue the measure of the section's latest text, once: saves made while one is queued coalesce into it.

    ``preview`` is the browser's own figure for this text, compared with the exact one when it comes. ``mark``
    ([version, plan, section, previous pages, limit]) tells the gauge's polls that this version is being measured,
    so that they are answered without the database (``gauge.GaugePollMiddleware``) until the measure is stored.
    A broker that is down is logged (the gauge's poll queues again, the beat job measures).
    """
    if mark:
        _cache_call("set", gauge.pending_key(section_id), mark, QUEUED_SECONDS * 5)
    if preview:
        _cache_call("set", _preview_key(section_id, version), preview, QUEUED_SECONDS * 5)
    if _cache_call("add", _queued_key(section_id), version, QUEUED_SECONDS) is False:
        logger.info("measure of section %s v%s joins the measure queued already", section_id, version)
        return
    _queue_measure(section_id, version)


def _cache_call(name: str, *args):
    """A cache outage must not stop a save: the measure is then queued once per save (None: unknown)."""
    try:
        return getattr(cache, name)(*args)
    except Exception:
        logger.warning("gauge cache unavailable (%s)", name, exc_info=True)
        return None


def _gauge_measured(section_id: int) -> None:
    """The section's stored text has its measure: its polls go to the full view again, which shows it."""
    _cache_call("delete", gauge.pending_key(section_id))


def _queue_measure(section_id: int, version: int) -> None:
    from .tasks import section_measure as task

    try:
        task.delay(section_id, version)
    except Exception:
        _cache_call("delete", _queued_key(section_id))
        logger.exception("measure of section %s v%s not queued", section_id, version)


def measure_requeue(row: PlanSection, *, after_seconds: int) -> bool:
    """From the gauge's poll: queue again a measure still missing ``after_seconds`` after its save (a lost task,
    a restarted worker), at most once per that many seconds. Never measures in the request."""
    if not row.version or row.pages_hash or (timezone.now() - row.updated_at).total_seconds() < after_seconds:
        return False
    if _cache_call("add", f"a4:requeued:{row.pk}:{row.version}", 1, after_seconds) is False:
        return False
    logger.warning("measure of section %s v%s missing after %s s: queued again", row.pk, row.version, after_seconds)
    _cache_call("delete", _queued_key(row.pk))
    _queue_measure(row.pk, row.version)
    return True


def section_measure(*, section_id: int, version: int | None = None) -> bool:
    """Measure the stored text and keep the result, unless it is measured already or a newer text was saved
    meanwhile (a newer save supersedes it: its result is thrown away, the newer text is measured next).

    ``version`` None (the task): whatever text is stored now, so one run serves every save queued behind it.
    Idempotent; runs outside any lock.
    """
    _cache_call("delete", _queued_key(section_id))
    row = PlanSection.objects.select_related("plan__round", "plan__region").filter(pk=section_id).first()
    if row is None or (version is not None and row.version != version) or row.pages_hash:
        logger.info("measure of section %s v%s skipped: stale or done", section_id, version)
        return False
    version = row.version
    measure = _measure(row.plan, row.section)
    stored = PlanSection.objects.filter(pk=section_id, version=version, pages_hash="").update(
        pages=measure.pages, pages_hash=measure.digest
    )
    if not stored:
        logger.info("measure of section %s v%s discarded: a newer text was saved meanwhile", section_id, version)
        return False
    _gauge_measured(section_id)
    preview = _cache_call("get", _preview_key(section_id, version))
    if preview and not page_limits.agree(preview, measure.pages):
        logger.warning("preview and measure differ: section %s v%s hash %s preview %s measured %s",
                       section_id, version, measure.digest, preview, measure.pages)  # fmt: skip
    return True


def sections_measure_pending(*, older_than_seconds: int = 60, limit: int = 200) -> int:
    """Beat job: measure saved texts whose measure never came (broker or worker down), in the measure queue."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    pending = PlanSection.objects.filter(pages_hash="", version__gt=0, updated_at__lt=cutoff)
    done = 0
    for section_id, version in pending.values_list("pk", "version")[:limit]:
        done += section_measure(section_id=section_id, version=version)
    return done


def file_upload(*, plan: Plan, slot: str, uploaded, by: User) -> PlanFile:
    """Store an upload after checking its content, then re-measure the section the file is printed in."""
    try:
        checked = check_upload(uploaded, allowed=SLOT_KINDS[FileSlot(slot)])
    except ValidationError as error:
        logger.info("refused: upload to plan %s slot %s (%s)", plan.pk, slot, error.code)
        raise
    key = SLOT_SECTION[FileSlot(slot)]
    with files_removed_on_rollback() as keep, transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("round", "region").get(pk=plan.pk)
        check_can_edit(plan, by)
        plan_file = PlanFile(
            plan=plan,
            slot=slot,
            original_name=(uploaded.name or "bestand")[:255],
            content_type=checked.kind.value,
            size=checked.size,
            sha256=checked.sha256,
            width_px=checked.width_px,
            height_px=checked.height_px,
            uploaded_by=by,
        )
        plan_file.file.save(uploaded.name or "bestand", uploaded, save=False)
        keep(plan_file.file)
        plan_file.save()
        row = plan.sections.select_for_update(of=("self",)).get(section=key)
        row.version += 1
        row.save(update_fields=["version"])
        audit_log(actor=by, action="file.upload", obj=plan_file, data={"slot": slot, "sha256": checked.sha256})
    # Measured after the commit, outside the lock; stored only if nobody saved the section in between.
    measure = _measure(plan, key)
    PlanSection.objects.filter(pk=row.pk, version=row.version).update(pages=measure.pages, pages_hash=measure.digest)
    _gauge_measured(row.pk)
    return plan_file


def plan_missing(plan: Plan, *, remeasure: bool = False):
    """The checklist of what is still missing (measuring sections anew when ``remeasure``)."""
    snapshot = plan_snapshot(plan)
    if remeasure:
        pages, limits = page_limits.measure_limited(snapshot, plan.round)
    else:
        limits = page_limits.section_limits(plan.round)
        pages = dict(plan.sections.values_list("section", "pages"))
    return plan_checklist(snapshot, pages=pages, limits=limits), snapshot


def plan_submit(*, plan: Plan, by: User, expected_status: str | None = None) -> PlanVersion:
    """Submit the plan: an immutable version, status ``ingediend``; the PDF and the mail follow on commit."""

    def make_version(locked: Plan) -> PlanVersion:
        today = clock.today()
        if not locked.round.is_open_on(today):
            logger.info("refused: plan %s submitted after the round closed", locked.pk)
            raise ValidationError(
                ERROR_ROUND_CLOSED % {"date": locked.round.closes_on.strftime("%d-%m-%Y")}, code="round_closed"
            )
        missing, snapshot = plan_missing(locked, remeasure=True)
        if missing:
            logger.info("refused: plan %s is incomplete (%s items)", locked.pk, len(missing))
            raise ValidationError(ERROR_INCOMPLETE, code="incomplete")
        latest = plan_latest_version(locked)
        return PlanVersion.objects.create(
            plan=locked,
            number=(latest.number if latest else 0) + 1,
            content=snapshot,
            submitted_by=by,
            submitted_at=timezone.now(),
        )

    expected = expected_status or plan.status
    if expected not in (PlanStatus.CONCEPT, PlanStatus.AANVULLING_GEVRAAGD):
        expected = plan.status
    # Measure what is not measured yet before taking the lock; under it the stored or cached measures are
    # reused (same hash), so the locked transaction only renders and hashes.
    page_limits.measure_limited(plan_snapshot(plan), plan.round)
    with transaction.atomic():
        version = plan_transition(
            plan=plan, target=PlanStatus.INGEDIEND, by=by, expected_status=expected, within=make_version
        )
        job_add(kind="plans.version_pdf", key=f"plan-version:{version.pk}:pdf", payload={"version_id": version.pk})
        reviewers = active_emails(role=Role.ONDERSTEUNINGSTEAM)
        notification_queue(
            key=f"plan-version:{version.pk}:submitted",
            to=reviewers,
            subject=f"Actieplan ingediend: {plan.region.name} (versie {version.number})",
            body=(
                f"De arbeidsmarktregio {plan.region.name} heeft versie {version.number} van het regionale actieplan "
                f"ingediend op {timezone.localtime(version.submitted_at):%d-%m-%Y %H:%M}.\n\n"
                "U vindt het plan in het portaal Perspectief op Werk."
            ),
        )
    return version


def plan_withdraw(*, plan: Plan, by: User, reason: str, expected_status: str | None = None) -> Plan:
    """The region withdraws its plan (before a decision). Final; the reason is kept in the history."""
    if not reason.strip():
        raise ValidationError(ERROR_WITHDRAW_REASON, code="reason")
    with transaction.atomic():
        moved = plan_transition(plan=plan, target=PlanStatus.INGETROKKEN, by=by, note=reason.strip(),
                                expected_status=expected_status or plan.status)  # fmt: skip
        reviewers = active_emails(role=Role.ONDERSTEUNINGSTEAM)
        notification_queue(
            key=f"plan:{plan.pk}:withdrawn",
            to=reviewers,
            subject=f"Actieplan ingetrokken: {moved.region.name}",
            body=f"De arbeidsmarktregio {moved.region.name} heeft het actieplan ingetrokken.\n\n"
            f"Reden: {reason.strip()}",
        )
    return moved
