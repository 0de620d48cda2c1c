"""What the framework still asks of a plan: one list, per section, with what is missing.

Used by the region's checklist page and by submission, which is refused while the list is not empty.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from . import page_limits
from .constants import FileSlot, Section
from .richtext import is_blank
from .sections import ORDER, spec_for

logger = logging.getLogger(__name__)

# The codes of checklist items: review's completeness proposals build on these, never on the wording.
PART = "part"
MATCHES = "matches_total"
PARTIES = "parties"
GRAPHIC = "graphic"
INSTRUMENTS = "instruments"
SIGNATORY = "signatory"
DECLARATION = "declaration"
SIGNED_ON = "signed_on"
SIGNED_PAGE = "signed_page"
CONTACT = "contact"
AGREEMENT = "agreement"
PAGE_LIMIT = "page_limit"


@dataclass(frozen=True)
class Missing:
    section: str
    code: str
    message: str

    @property
    def title(self):
        return Section(self.section).label


def _data_items(key, data, files):
    """(code, message) for each missing piece of a section's structured data and files."""
    if key == Section.AMBITIE:
        total = data.get("matches_total")
        if not (isinstance(total, int) and total > 0):
            yield MATCHES, _("Vul het aantal matches over twee jaar in (een positief geheel getal).")
    elif key == Section.BETROKKENEN:
        if not data.get("parties"):
            yield PARTIES, _("Voeg de betrokken partijen en hun rol toe.")
        if FileSlot.INFRASTRUCTUUR not in files:
            yield GRAPHIC, _("Upload de grafische afbeelding van de regionale infrastructuur (PNG of JPEG).")
    elif key == Section.INSTRUMENTEN:
        if not data.get("rows"):
            yield INSTRUMENTS, _("Voeg de in te zetten instrumenten en middelen toe.")
    elif key == Section.ONDERTEKENING:
        signatories = data.get("signatories") or []
        for index, who in enumerate([_("wethouder van de centrumgemeente"), _("bestuurder aan werkgeverszijde")]):
            person = signatories[index] if index < len(signatories) else {}
            if not all(person.get(f) for f in ("name", "function", "organisation")):
                yield SIGNATORY, _("Vul naam, functie en organisatie in van de %(who)s.") % {"who": who}
        for letter in "abc":
            if not data.get(f"declaration_{letter}"):
                yield DECLARATION, _("Vink verklaring %(letter)s aan.") % {"letter": letter}
        if not data.get("signed_on"):
            yield SIGNED_ON, _("Vul de datum van ondertekening in.")
        if FileSlot.ONDERTEKENING not in files:
            yield SIGNED_PAGE, _("Upload de ondertekende pagina (PDF).")
    elif key == Section.CONTACTPERSOON:
        if not all(data.get(f) for f in ("name", "email", "phone")):
            yield CONTACT, _("Vul naam, e-mailadres en telefoonnummer van de contactpersoon in.")
    elif key == Section.SAMENWERKINGSOVEREENKOMST:
        if FileSlot.SAMENWERKINGSOVEREENKOMST not in files:
            yield AGREEMENT, _("Upload de ondertekende samenwerkingsovereenkomst (PDF).")


def plan_checklist(snapshot: dict, *, pages: dict[str, Decimal], limits: dict[str, Decimal]) -> list[Missing]:
    """Everything still missing. ``pages`` are the measured A4 pages per section, ``limits`` the round's limits."""
    items = []
    files = snapshot["files"]
    verdicts = page_limits.verdicts(pages, limits)
    for key in ORDER:
        spec = spec_for(key)
        section = snapshot["sections"][key.value]
        for part in spec.parts:
            if part.required and is_blank(section["parts"].get(part.key)):
                items.append(Missing(key.value, PART, _("Vul ‘%(label)s’ in.") % {"label": part.label}))
        items.extend(Missing(key.value, code, message) for code, message in _data_items(key, section["data"], files))
        judged = verdicts.get(key.value)
        if judged is not None and judged.over:
            items.append(Missing(key.value, PAGE_LIMIT, judged.message))
    return items
