"""Files built by a worker with progress shown: the national overview of approved plans (one PDF) and a
region's dossier for auditors (one zip). Each build is idempotent: a finished file is never rebuilt."""

import hashlib
import io
import logging
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from plans.constants import PartyKind, Section
from plans.models import Plan, PlanFile, PlanVersion
from plans.richtext import plain_text
from plans.sections import spec_for
from pow_portal.models import AuditEvent, ProgrammeRound, User
from pow_portal.outbox import outbox_add
from pow_portal.pdf import render_to_pdf
from pow_portal.spreadsheets import DutchCsv
from review.constants import DecisionKind
from review.models import Advice, CheckItem, Decision, Payment, SectionComment

from .constants import ExportKind, ExportStatus
from .models import GeneratedFile, ProgressReportVersion

logger = logging.getLogger(__name__)
APPROACH_CHARS = 400


# ---- the national overview -------------------------------------------------------------------------------------


def _approved_decisions():
    return (
        Decision.objects.filter(plan__round=ProgrammeRound.objects.current(), kind=DecisionKind.GOEDKEURING)
        .select_related("plan__region", "version")
        .order_by("plan__region__name")
    )


def overview_rows() -> list[dict]:
    """Per approved region, from the approved version's structured data: centrumgemeente, ambition in
    numbers, the approach in brief (per pillar) and the parties (one query)."""
    labels = dict(PartyKind.choices)
    rows = []
    for decision in _approved_decisions():
        sections = decision.version.content.get("sections") or {}
        ambition = (sections.get(Section.AMBITIE) or {}).get("data") or {}
        aanpak = (sections.get(Section.AANPAK) or {}).get("parts") or {}
        parties = ((sections.get(Section.BETROKKENEN) or {}).get("data") or {}).get("parties") or []
        approach = []
        for part in spec_for(Section.AANPAK).parts[:4]:  # the four pillars
            text = plain_text(aanpak.get(part.key, ""))
            if text:
                approach.append(
                    {"label": part.label, "text": text[:APPROACH_CHARS] + ("…" if len(text) > APPROACH_CHARS else "")}
                )
        rows.append(
            {
                "region": decision.plan.region,
                "decided_on": decision.decided_on,
                "ambition": {
                    "total": ambition.get("matches_total"),
                    "y2019": ambition.get("matches_2019"),
                    "regulier": ambition.get("reguliere_baan"),
                    "leerwerkplek": ambition.get("leerwerkplek"),
                    "basisbaan": ambition.get("basisbaan"),
                },
                "approach": approach,
                "parties": [{"name": p.get("name"), "kind": labels.get(p.get("kind"), p.get("kind"))} for p in parties],
            }
        )
    return rows


def overview_digest() -> str:
    ids = list(_approved_decisions().values_list("pk", "version_id"))
    return hashlib.sha256(repr(ids).encode()).hexdigest()


def overview_request(*, by: User) -> GeneratedFile:
    """The overview PDF for the approved plans as they are now: the existing one, or a new build on commit."""
    digest = overview_digest()
    with transaction.atomic():
        existing = (
            GeneratedFile.objects.filter(kind=ExportKind.OVERVIEW, digest=digest)
            .exclude(status=ExportStatus.FAILED)
            .first()
        )
        if existing:
            return existing
        export = GeneratedFile.objects.create(kind=ExportKind.OVERVIEW, digest=digest, requested_by=by, total_steps=2)
        _queue(export)
    return export


def dossier_request(*, region, by: User) -> GeneratedFile:
    with transaction.atomic():
        export = GeneratedFile.objects.create(kind=ExportKind.DOSSIER, region=region, requested_by=by)
        _queue(export)
    return export


def _queue(export):
    """Build the file after commit, as an outbox item: a dead broker delays it, never loses it."""
    outbox_add(kind="monitoring.generated_file", key=f"generated-file:{export.pk}", payload={"export_id": export.pk})


def _progress(export, done, total=None):
    export.done_steps = done
    fields = ["done_steps"]
    if total is not None:
        export.total_steps = total
        fields.append("total_steps")
    export.save(update_fields=fields)


def _finish(export, name, data: bytes):
    export.file.save(name, ContentFile(data), save=False)
    export.sha256 = hashlib.sha256(data).hexdigest()
    export.status = ExportStatus.DONE
    export.done_steps = export.total_steps
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "sha256", "status", "done_steps", "finished_at"])


def build(*, export_id: int) -> bool:
    """Build the file once. Returns False when it is already built (or gone)."""
    with transaction.atomic():
        export = GeneratedFile.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status in (ExportStatus.DONE, ExportStatus.RUNNING):
            logger.info("generated file %s: already built or building, skipped", export_id)
            return False
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    try:
        if export.kind == ExportKind.OVERVIEW:
            _progress(export, 1)
            pdf = render_to_pdf("monitoring/print/overview.html", {"rows": overview_rows(), "at": timezone.now()})
            _finish(export, f"overzicht-actieplannen-{timezone.localdate():%Y%m%d}.pdf", pdf)
        else:
            _finish(
                export, f"dossier-{export.region.code.lower()}-{timezone.localdate():%Y%m%d}.zip", _dossier_zip(export)
            )
    except Exception as exc:
        logger.exception("generated file %s failed", export_id)
        export.status = ExportStatus.FAILED
        export.error = str(exc)[:1000]
        export.save(update_fields=["status", "error"])
        raise
    return True


# ---- the dossier ------------------------------------------------------------------------------------------------


def _dossier_zip(export) -> bytes:
    """Every plan version PDF, the uploads, checks, comments, advice, decision letter, payments, progress
    reports and the history, with index.html listing what is where."""
    from plans.rendering import version_render_pdf

    region = export.region
    plan = Plan.objects.filter(region=region, round=ProgrammeRound.objects.current()).first()
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number")) if plan else []
    uploads = list(PlanFile.objects.filter(plan=plan).order_by("uploaded_at")) if plan else []
    reports = (
        list(
            ProgressReportVersion.objects.filter(report__plan=plan)
            .select_related("report__period")
            .order_by("report__period__due_on", "number")
        )
        if plan
        else []
    )
    decision = Decision.objects.filter(plan=plan).first() if plan else None
    _progress(export, 0, total=len(versions) + len(uploads) + len(reports) + 3)
    done = 0
    index = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name, data, what):
            archive.writestr(name, data)
            index.append({"name": name, "what": what, "sha256": hashlib.sha256(data).hexdigest()})

        for version in versions:
            if not version.pdf:
                version_render_pdf(version_id=version.pk)
                version.refresh_from_db()
            with version.pdf.open("rb") as f:
                add(
                    f"1-plan/versie-{version.number}.pdf",
                    f.read(),
                    f"Actieplan versie {version.number}, "
                    f"ingediend {timezone.localtime(version.submitted_at):%d-%m-%Y %H:%M}",
                )
            done += 1
            _progress(export, done)
        for upload in uploads:
            with upload.file.open("rb") as f:
                add(
                    f"2-bijlagen/{upload.pk}-{upload.original_name}",
                    f.read(),
                    f"Upload ({upload.get_slot_display()}), {timezone.localtime(upload.uploaded_at):%d-%m-%Y}",
                )
            done += 1
            _progress(export, done)
        review_lines = []
        for item in CheckItem.objects.filter(completeness__version__plan=plan).select_related("completeness__version"):
            verdict = {True: "akkoord", False: "niet akkoord", None: "open"}[item.confirmed]
            review_lines.append(
                f"Versie {item.completeness.version.number} — {item.get_key_display()}: {verdict}"
                f"{' — ' + item.note if item.note else ''}"
            )
        for comment in SectionComment.objects.filter(version__plan=plan).select_related("version", "author"):
            review_lines.append(
                f"Opmerking bij versie {comment.version.number}, {comment.section} "
                f"({comment.created_at:%d-%m-%Y}): {comment.text}"
            )
        for advice in Advice.objects.filter(version__plan=plan).select_related("version", "meeting"):
            review_lines.append(
                f"Advies stuurgroep ({advice.meeting}) over versie {advice.version.number}: "
                f"{advice.get_kind_display()} — {advice.reasons}"
            )
        add(
            "3-beoordeling/toetsing-opmerkingen-advies.txt",
            "\n".join(review_lines).encode(),
            "Volledigheidstoets, opmerkingen en advies van de stuurgroep",
        )
        if decision is not None and decision.letter:
            with decision.letter.open("rb") as f:
                add(
                    "3-beoordeling/besluitbrief.pdf",
                    f.read(),
                    f"Besluitbrief ({decision.get_kind_display()}, {decision.decided_on:%d-%m-%Y})",
                )
        done += 1
        _progress(export, done)
        payment_csv = DutchCsv()
        payment_csv.row(["tranche", "bedrag", "circulaire", "status", "grondslag"])
        for p in Payment.objects.filter(region=region).select_related("circulaire").order_by("tranche"):
            circulaire = p.circulaire.name if p.circulaire else "zonder circulaire"
            payment_csv.row([p.tranche, p.amount, circulaire, p.get_status_display(), p.basis])
        add("4-betalingen/betalingen.csv", payment_csv.content(), "Betalingen van de decentralisatie-uitkering")
        done += 1
        _progress(export, done)
        for report in reports:
            if report.pdf:
                with report.pdf.open("rb") as f:
                    add(
                        f"5-voortgang/{report.report.period.name}-versie-{report.number}.pdf",
                        f.read(),
                        f"Voortgangsrapportage {report.report.period.name}, versie {report.number}",
                    )
            done += 1
            _progress(export, done)
        history = []
        if plan:
            for change in plan.status_changes.select_related("by").order_by("at", "id"):
                history.append(
                    f"{timezone.localtime(change.at):%d-%m-%Y %H:%M} {change.from_status} → "
                    f"{change.to_status} door {change.by}{' — ' + change.note if change.note else ''}"
                )
        for event in AuditEvent.objects.filter(object_type="plans.plan", object_id=str(plan.pk) if plan else "-"):
            history.append(f"{timezone.localtime(event.created_at):%d-%m-%Y %H:%M} {event.action} door {event.actor}")
        add("6-geschiedenis/geschiedenis.txt", "\n".join(history).encode(), "Statusgeschiedenis van het plan")
        done += 1
        _progress(export, done)
        archive.writestr(
            "index.html",
            render_to_string(
                "monitoring/print/dossier_index.html",
                {
                    "region": region,
                    "plan": plan,
                    "decision": decision,
                    "index": index,
                    "at": timezone.now(),
                },
            ),
        )
    return buffer.getvalue()
