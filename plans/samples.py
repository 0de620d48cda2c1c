"""Sample files and a plan filled through the services: for ``make run``'s demo and for the tests.

Both fill plans the way a region does in the browser (every save through ``section_update``, every file through
``file_upload``, so the A4 measure and the upload checks run); only the text and the figures differ.
"""

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from . import services
from .constants import Section
from .models import Plan


def png_upload(name="infrastructuur.png", size=(800, 500)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (1, 104, 155)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_bytes(comment: bytes = b"") -> bytes:
    """A small but real one-page PDF (the upload check parses the whole file); ``comment`` makes it differ."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if comment:
        pdf.docinfo["/Subject"] = comment.decode()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def pdf_upload(name="ondertekend.pdf", comment=b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(comment), content_type="application/pdf")


def plan_fill(*, plan: Plan, by, content: dict[str, dict], uploads: dict[str, SimpleUploadedFile]) -> Plan:
    """Save each section's ``{"parts": ..., "data": ...}`` in ``content`` (in the plan's order), then upload the
    files by slot."""
    for key in Section:
        if key.value in content:
            row = plan.sections.get(section=key.value)
            services.section_update(section=row, expected_version=row.version, by=by, **content[key.value])
    for slot, uploaded in uploads.items():
        services.file_upload(plan=plan, slot=slot, uploaded=uploaded, by=by)
    return plan
