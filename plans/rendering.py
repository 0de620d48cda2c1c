"""Rendering the PDF of a submitted version, exactly once."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pow_portal.storage import files_removed_on_rollback

from .models import PlanVersion
from .printing import render_plan_pdf

logger = logging.getLogger(__name__)


def version_render_pdf(*, version_id: int) -> bool:
    """Render and store the version's PDF. Returns False when it already exists (idempotent)."""
    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is None or version.pdf:
        return False
    pdf = render_plan_pdf(version.content, version_number=version.number, submitted_at=version.submitted_at)
    with files_removed_on_rollback() as keep, transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version_id)
        if locked.pdf:
            return False
        name = f"actieplan-{locked.plan.region.code.lower()}-v{locked.number}.pdf"
        locked.pdf.save(name, ContentFile(pdf), save=False)
        keep(locked.pdf)
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.pdf_rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_rendered_at"])
    return True
