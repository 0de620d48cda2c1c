"""Files built by a background job with progress shown: the national overview of approved plans (one PDF) and a
region's dossier for auditors (one zip). The job keeps the file; a build that kept its file is never redone."""

import hashlib
import io
import logging
import uuid
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from plans.constants import PartyKind, Section
from plans.models import PlanFile, PlanVersion
from plans.richtext import plain_text
from plans.sections import spec_for
from pow_portal.jobs import job_add, job_progress, job_store_file
from pow_portal.models import Arbeidsmarktregio, AuditEvent, Job, JobState, User
from pow_portal.pdf import render_to_pdf
from pow_portal.spreadsheets import DutchCsv
from review.constants import DecisionKind
from review.models import Advice, CheckItem, Decision, Payment, SectionComment

from .models import ProgressReportVersion
from .selectors import monitored_plan, monitored_round

logger = logging.getLogger(__name__)
APPROACH_CHARS = 400
OVERVIEW_JOB = "monitoring.overview"
DOSSIER_JOB = "monitoring.dossier"


# ---- the national overview -------------------------------------------------------------------------------------


def _approved_decisions():
    return (
        Decision.objects.filter(plan__round=monitored_round(), kind=DecisionKind.GOEDKEURING)
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


def overview_request(*, by: User) -> Job:
    """The overview PDF for the approved plans as they are now: the existing job, or a new one built on commit."""
    digest = overview_digest()
    with transaction.atomic():
        existing = Job.objects.filter(kind=OVERVIEW_JOB, payload__digest=digest).exclude(state=JobState.FAILED).first()
        if existing:
            return existing
        return job_add(
            kind=OVERVIEW_JOB,
            key=f"{OVERVIEW_JOB}:{digest}:{uuid.uuid4().hex[:8]}",
            payload={"digest": digest},
            by=by,
            total=2,
        )


def dossier_request(*, region, by: User) -> Job:
    with transaction.atomic():
        return job_add(
            kind=DOSSIER_JOB,
            key=f"{DOSSIER_JOB}:{region.pk}:{uuid.uuid4().hex}",
            payload={"region_id": region.pk},
            by=by,
        )


def build_overview(*, job: Job, digest: str) -> None:
    """The overview job's body. Idempotent: a job that kept its file is not built again."""
    if job.file:
        logger.info("overview job %s already has its file, skipped", job.pk)
        return
    job_progress(job, 1, message="PDF maken")
    pdf = render_to_pdf("monitoring/print/overview.html", {"rows": overview_rows(), "at": timezone.now()})
    job_store_file(job, f"overzicht-actieplannen-{timezone.localdate():%Y%m%d}.pdf", pdf)
    job_progress(job, 2)


def build_dossier(*, job: Job, region_id: int) -> None:
    """The dossier job's body. Idempotent: a job that kept its file is not built again."""
    if job.file:
        logger.info("dossier job %s already has its file, skipped", job.pk)
        return
    region = Arbeidsmarktregio.objects.get(pk=region_id)
    data = _dossier_zip(job, region)
    job_store_file(job, f"dossier-{region.code.lower()}-{timezone.localdate():%Y%m%d}.zip", data)


# ---- the dossier ------------------------------------------------------------------------------------------------


def _dossier_zip(job, region) -> bytes:
    """Every plan version PDF, the uploads, checks, comments, advice, decision letter, payments, progress
    reports and the history, with index.html listing what is where."""
    from plans.rendering import version_render_pdf

    plan = monitored_plan(region)
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
    job_progress(job, 0, total=len(versions) + len(uploads) + len(reports) + 3)
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
            job_progress(job, done)
        for upload in uploads:
            with upload.file.open("rb") as f:
                add(
                    f"2-bijlagen/{upload.pk}-{upload.original_name}",
                    f.read(),
                    f"Upload ({upload.get_slot_display()}), {timezone.localtime(upload.uploaded_at):%d-%m-%Y}",
                )
            done += 1
            job_progress(job, done)
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
        job_progress(job, done)
        payment_csv = DutchCsv()
        payment_csv.row(["tranche", "bedrag", "circulaire", "status", "grondslag"])
        for p in Payment.objects.filter(region=region).select_related("circulaire").order_by("tranche"):
            circulaire = p.circulaire.name if p.circulaire else "zonder circulaire"
            payment_csv.row([p.tranche, p.amount, circulaire, p.get_status_display(), p.basis])
        add("4-betalingen/betalingen.csv", payment_csv.content(), "Betalingen van de decentralisatie-uitkering")
        done += 1
        job_progress(job, done)
        for report in reports:
            if report.pdf:
                with report.pdf.open("rb") as f:
                    add(
                        f"5-voortgang/{report.report.period.name}-versie-{report.number}.pdf",
                        f.read(),
                        f"Voortgangsrapportage {report.report.period.name}, versie {report.number}",
                    )
            done += 1
            job_progress(job, done)
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
        job_progress(job, done)
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
