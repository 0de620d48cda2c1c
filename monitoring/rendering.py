"""PDFs of the monitoring app, each rendered once by a worker: a submitted report, an evaluation letter."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from pow_portal.pdf import render_to_pdf
from pow_portal.storage import files_removed_on_rollback

from .constants import REPORT_NUMBERS, REPORT_TEXTS
from .models import Evaluation, ProgressReportVersion

logger = logging.getLogger(__name__)


def report_context(version: ProgressReportVersion) -> dict:
    content = version.content
    return {
        "version": version,
        "content": content,
        "numbers": [(label, content["numbers"].get(key)) for key, label in REPORT_NUMBERS],
        "texts": [(label, content["texts"].get(key, "")) for key, label in REPORT_TEXTS],
    }


def report_version_render_pdf(*, version_id: int) -> bool:
    """Render and store a submitted report's PDF. Returns False when it already exists (idempotent)."""
    version = ProgressReportVersion.objects.filter(pk=version_id).first()
    if version is None or version.pdf:
        logger.info("report version %s: PDF already there or gone, skipped", version_id)
        return False
    pdf = render_to_pdf("monitoring/print/report.html", report_context(version))
    with files_removed_on_rollback() as keep, transaction.atomic():
        locked = (
            ProgressReportVersion.objects.select_for_update().select_related("report__plan__region").get(pk=version_id)
        )
        if locked.pdf:
            return False
        name = f"voortgang-{locked.report.plan.region.code.lower()}-{locked.report.period_id}-v{locked.number}.pdf"
        locked.pdf.save(name, ContentFile(pdf), save=False)
        keep(locked.pdf)
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save(update_fields=["pdf", "pdf_sha256"])
    return True


def evaluation_render_letter(*, evaluation_id: int) -> bool:
    """Render the evaluation letter once (idempotent)."""
    evaluation = (
        Evaluation.objects.select_related("plan__region", "plan__round", "payment__circulaire")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None or evaluation.letter:
        logger.info("evaluation %s: letter already there or gone, skipped", evaluation_id)
        return False
    pdf = render_to_pdf("monitoring/print/evaluation_letter.html", {"evaluation": evaluation})
    with files_removed_on_rollback() as keep, transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation_id)
        if locked.letter:
            return False
        locked.letter.save(f"evaluatie-{evaluation.plan.region.code.lower()}.pdf", ContentFile(pdf), save=False)
        keep(locked.letter)
        locked.letter_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save(update_fields=["letter", "letter_sha256"])
    return True
