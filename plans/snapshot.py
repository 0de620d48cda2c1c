"""A plan's content as one plain dict: what is printed, measured and frozen into a submitted version.

Shape::

    {
      "region": "Helmond-De Peel", "centrumgemeente": "Helmond", "round": "2019-2020",
      "sections": {"analyse": {"parts": {"tekst": "<p>..</p>"}, "data": {...}, "version": 3}, ...},
      "files": {"infrastructuur": {"id": 1, "name": "kaart.png", "sha256": "..", "content_type": "image/png",
                                   "size": 1234, "path": "plans/1/infrastructuur/..", "width_px": 800,
                                   "height_px": 600}, ...},
    }

Structured ``data`` per section:
- ambitie: matches_total, matches_2019, reguliere_baan, leerwerkplek, basisbaan (ints or None)
- betrokkenen: parties: [{name, kind (PartyKind), role}]
- instrumenten: rows: [{party, instrument, money (decimal string, euro), capacity}]
- ondertekening: signatories: [{name, function, organisation}] x2, declaration_a/b/c (bool), signed_on (ISO date)
- contactpersoon: name, function, email, phone
"""

import logging

from .constants import Section

logger = logging.getLogger(__name__)


def current_files(plan) -> dict:
    """The newest upload per slot."""
    files = {}
    for f in plan.files.all():  # ordered newest first
        files.setdefault(f.slot, f)
    return files


def file_entry(f) -> dict:
    return {
        "id": f.pk,
        "name": f.original_name,
        "sha256": f.sha256,
        "content_type": f.content_type,
        "size": f.size,
        "path": f.file.name,
        "width_px": f.width_px,
        "height_px": f.height_px,
    }


def plan_snapshot(plan) -> dict:
    rows = {row.section: row for row in plan.sections.all()}
    return {
        "region": plan.region.name,
        "centrumgemeente": plan.region.centrumgemeente,
        "round": plan.round.name,
        "sections": {
            key.value: {
                "parts": dict(rows[key].parts) if key in rows else {},
                "data": dict(rows[key].data) if key in rows else {},
                "version": rows[key].version if key in rows else 0,
            }
            for key in Section
        },
        "files": {slot: file_entry(f) for slot, f in current_files(plan).items()},
    }
