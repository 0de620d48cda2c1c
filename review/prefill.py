"""The portal's proposal for each completeness item, from a version's content, with the reason why."""

import logging

from plans import checklist, page_limits
from plans.constants import PartyKind, Section
from plans.richtext import is_blank
from plans.sections import spec_for

from .constants import CheckItemKey as K

logger = logging.getLogger(__name__)

PILLARS = ("aanbod", "vraag", "route", "scholing")
EMPLOYER_POINTS = ("aanspreekpunt", "wsp", "harmonisatie")
REQUIRED_PARTIES = {PartyKind.UWV: "UWV", PartyKind.GEMEENTE: "gemeente", PartyKind.WERKGEVER: "werkgever",
                    PartyKind.ONDERWIJS: "onderwijs"}  # fmt: skip


def _filled(content, key, parts):
    section = content["sections"][key]["parts"]
    return [p for p in parts if not is_blank(section.get(p))]


def prefill(content: dict, round) -> dict[str, tuple[bool, str]]:
    """{item key: (proposal, reason)} for every completeness item."""
    data = {key: content["sections"][key]["data"] for key in content["sections"]}
    content = {**content, "files": content.get("files", {})}
    pages, limits = page_limits.measure_limited(content, round)
    verdicts = page_limits.verdicts(pages, limits)
    missing = checklist.plan_checklist(content, pages=pages, limits=limits)
    codes = {m.code for m in missing}
    result = {}

    empty = sorted({str(Section(m.section).label) for m in missing if m.code != checklist.PAGE_LIMIT})
    result[K.SECTIONS] = (not empty, "Alle onderdelen ingevuld." if not empty else "Ontbreekt in: " + ", ".join(empty))

    total = data[Section.AMBITIE].get("matches_total")
    result[K.AMBITION_QUANTITATIVE] = (
        checklist.MATCHES not in codes,
        f"Aantal matches over twee jaar: {total}." if total else "Geen aantal matches ingevuld.",
    )
    improvement = not is_blank(content["sections"][Section.AMBITIE]["parts"].get("verbetering"))
    result[K.IMPROVEMENT] = (improvement, "Tekst ingevuld." if improvement else "Geen tekst over de verbetering.")

    pillars = _filled(content, Section.AANPAK, PILLARS)
    result[K.PILLARS] = (len(pillars) == 4, f"{len(pillars)} van 4 pijlers beschreven.")
    points = _filled(content, Section.AANPAK, EMPLOYER_POINTS)
    result[K.EMPLOYER_SERVICES] = (len(points) == 3, f"{len(points)} van 3 punten beschreven.")

    parties = data[Section.BETROKKENEN].get("parties") or []
    kinds = {p.get("kind") for p in parties}
    lacking = [label for kind, label in REQUIRED_PARTIES.items() if kind not in kinds]
    result[K.PARTIES] = (
        not lacking and all(p.get("role") for p in parties),
        f"{len(parties)} partijen." + (f" Ontbreekt: {', '.join(lacking)}." if lacking else ""),
    )
    graphic = checklist.GRAPHIC not in codes
    result[K.GRAPHIC] = (graphic, "Afbeelding geüpload." if graphic else "Geen afbeelding.")

    rows = data[Section.INSTRUMENTEN].get("rows") or []
    result[K.INSTRUMENTS] = (bool(rows), f"{len(rows)} instrumenten genoemd; controleer UWV, gemeenten en onderwijs.")

    signers = 2 - sum(1 for m in missing if m.code == checklist.SIGNATORY)
    declared = checklist.DECLARATION not in codes
    signed_page = checklist.SIGNED_PAGE not in codes
    result[K.SIGNATURES] = (
        signers == 2 and declared and signed_page,
        f"{signers} ondertekenaars, verklaringen {'a-c aangevinkt' if declared else 'niet alle aangevinkt'}, "
        f"ondertekende pagina {'aanwezig' if signed_page else 'ontbreekt'}. Controleer functies en lidmaatschap.",
    )
    has_contact = checklist.CONTACT not in codes
    result[K.CONTACT] = (has_contact, "Contactgegevens volledig." if has_contact else "Contactgegevens onvolledig.")
    agreement = checklist.AGREEMENT not in codes
    result[K.AGREEMENT] = (agreement, "Overeenkomst geüpload." if agreement else "Geen overeenkomst.")

    over = [f"{spec_for(v.key).title} ({v.shown} A4, {v.limit_label})" for v in verdicts.values() if v.over]
    result[K.PAGE_LIMITS] = (
        not over,
        "Alle onderdelen binnen de limiet." if not over else "Te lang: " + "; ".join(over),
    )
    return result
