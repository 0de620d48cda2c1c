"""Turning a plan snapshot (plans.snapshot) into the print layout: one section, or the whole plan as PDF."""

import datetime
import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pow_portal.pdf import page_anchors, render_to_pdf

from .constants import FileSlot, PartyKind, Section
from .models import private_storage
from .richtext import is_blank
from .sections import DECLARATIONS, ORDER, declaration_text, spec_for

logger = logging.getLogger(__name__)

PDF_SLOTS = {FileSlot.ONDERTEKENING, FileSlot.SAMENWERKINGSOVEREENKOMST}


def _file_url(entry: dict) -> str:
    return "file://" + private_storage.path(entry["path"])


def section_context(snapshot: dict, key: str) -> dict:
    spec = spec_for(key)
    section = snapshot["sections"][key]
    data = section.get("data") or {}
    files = snapshot.get("files") or {}
    s = {
        "key": key,
        "title": spec.title,
        "data": data,
        "parts": [
            {
                "key": part.key,
                "label": part.label,
                "html": "" if is_blank(h := section["parts"].get(part.key)) else h,
                "required": part.required,
            }
            for part in spec.parts
        ],
        "attachments": [files[slot] for slot in spec.files if slot in PDF_SLOTS and slot in files],
    }
    if key == Section.AMBITIE:
        s["kinds"] = any(data.get(kind) for kind in ("reguliere_baan", "leerwerkplek", "basisbaan"))
    elif key == Section.BETROKKENEN:
        labels = dict(PartyKind.choices)
        s["parties"] = [{**p, "kind_label": labels.get(p.get("kind"), p.get("kind"))} for p in data.get("parties", [])]
        image = files.get(FileSlot.INFRASTRUCTUUR)
        s["image"] = {**image, "url": _file_url(image)} if image else None
    elif key == Section.ONDERTEKENING:
        signatories = (data.get("signatories") or []) + [{}, {}]
        roles = (_("Wethouder centrumgemeente"), _("Werkgeverszijde"))
        s["signatories"] = [{"role": role, **signatories[i]} for i, role in enumerate(roles)]
        s["declarations"] = [
            {"text": declaration_text(letter, text), "ticked": bool(data.get(f"declaration_{letter}"))}
            for letter, text in DECLARATIONS
        ]
        signed_on = data.get("signed_on")
        s["signed_on"] = datetime.date.fromisoformat(signed_on).strftime("%d-%m-%Y") if signed_on else ""
    return s


def render_section_html(snapshot: dict, key: str) -> str:
    """The standalone print document of one section: what the A4 measure lays out."""
    return render_to_string(
        "plans/print/section_only.html", {"snapshot": snapshot, "s": section_context(snapshot, key)}
    )


def render_section_preview(snapshot: dict, key: str, *, file_url) -> str:
    """The section's print markup for the browser's live print preview (section editor): the same template as the
    measure, with every part and table present (hidden when empty) so that the page can fill them in as the region
    types, and ``file_url(entry)`` for the pictures (a web address instead of the file on disk)."""
    s = section_context(snapshot, key)
    if s.get("image"):
        s["image"] = {**s["image"], "url": file_url(s["image"])}
    return render_to_string("plans/print/section.html", {"snapshot": snapshot, "s": s, "preview": True})


def plan_context(snapshot: dict, *, version_number, submitted_at) -> dict:
    return {
        "snapshot": snapshot,
        "sections": [section_context(snapshot, key.value) for key in ORDER],
        "version_number": version_number,
        "submitted_at": submitted_at,
    }


def render_plan_html(snapshot: dict, *, version_number, submitted_at) -> str:
    return render_to_string(
        "plans/print/plan.html", plan_context(snapshot, version_number=version_number, submitted_at=submitted_at)
    )


def render_plan_pdf(snapshot: dict, *, version_number, submitted_at) -> bytes:
    """The plan PDF: A4, cover, nine sections, page numbers, tagged (PDF/UA)."""
    return render_to_pdf(
        "plans/print/plan.html", plan_context(snapshot, version_number=version_number, submitted_at=submitted_at)
    )


def plan_section_pages(html: str) -> dict[str, int]:
    """Lay out a full plan and return how many pages each section occupies in it."""
    total, anchors = page_anchors(html)
    starts = {
        anchor.removeprefix("section-"): index for anchor, index in anchors.items() if anchor.startswith("section-")
    }
    ordered = sorted(starts.items(), key=lambda item: item[1])
    bounds = [start for _key, start in ordered[1:]] + [total]
    return {key: end - start for (key, start), end in zip(ordered, bounds, strict=True)}
