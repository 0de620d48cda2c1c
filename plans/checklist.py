"""What the framework still asks of a plan: one list, per section, with what is missing.

Used by the region's checklist page and by submission, which is refused while the list is not empty.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from .constants import FileSlot, Section
from .richtext import is_blank
from .sections import ORDER, spec_for


@dataclass(frozen=True)
class Missing:
    section: str
    message: str

    @property
    def title(self):
        return Section(self.section).label


def _data_items(key, data, files):
    if key == Section.AMBITIE:
        total = data.get("matches_total")
        if not (isinstance(total, int) and total > 0):
            yield _("Vul het aantal matches over twee jaar in (een positief geheel getal).")
    elif key == Section.BETROKKENEN:
        if not data.get("parties"):
            yield _("Voeg de betrokken partijen en hun rol toe.")
        if FileSlot.INFRASTRUCTUUR not in files:
            yield _("Upload de grafische afbeelding van de regionale infrastructuur (PNG of JPEG).")
    elif key == Section.INSTRUMENTEN:
        if not data.get("rows"):
            yield _("Voeg de in te zetten instrumenten en middelen toe.")
    elif key == Section.ONDERTEKENING:
        signatories = data.get("signatories") or []
        for index, who in enumerate([_("wethouder van de centrumgemeente"), _("bestuurder aan werkgeverszijde")]):
            person = signatories[index] if index < len(signatories) else {}
            if not all(person.get(f) for f in ("name", "function", "organisation")):
                yield _("Vul naam, functie en organisatie in van de %(who)s.") % {"who": who}
        for letter in "abc":
            if not data.get(f"declaration_{letter}"):
                yield _("Vink verklaring %(letter)s aan.") % {"letter": letter}
        if not data.get("signed_on"):
            yield _("Vul de datum van ondertekening in.")
        if FileSlot.ONDERTEKENING not in files:
            yield _("Upload de ondertekende pagina (PDF).")
    elif key == Section.CONTACTPERSOON:
        if not all(data.get(f) for f in ("name", "email", "phone")):
            yield _("Vul naam, e-mailadres en telefoonnummer van de contactpersoon in.")
    elif key == Section.SAMENWERKINGSOVEREENKOMST:
        if FileSlot.SAMENWERKINGSOVEREENKOMST not in files:
            yield _("Upload de ondertekende samenwerkingsovereenkomst (PDF).")


def plan_checklist(snapshot: dict, *, pages: dict[str, Decimal], limits: dict[str, Decimal]) -> list[Missing]:
    """Everything still missing. ``pages`` are the measured A4 pages per section, ``limits`` the round's limits."""
    items = []
    files = snapshot["files"]
    for key in ORDER:
        spec = spec_for(key)
        section = snapshot["sections"][key.value]
        for part in spec.parts:
            if part.required and is_blank(section["parts"].get(part.key)):
                items.append(Missing(key.value, _("Vul ‘%(label)s’ in.") % {"label": part.label}))
        items.extend(Missing(key.value, message) for message in _data_items(key, section["data"], files))
        limit = limits.get(key.value)
        used = pages.get(key.value, Decimal(0))
        if limit is not None and used > limit:
            items.append(
                Missing(
                    key.value,
                    _("Dit onderdeel is %(used)s A4; het maximum is %(limit)s A4. Kort het %(excess)s A4 in.")
                    % {"used": format_pages(used), "limit": format_limit(limit), "excess": format_pages(used - limit)},
                )
            )
    return items


def format_pages(value) -> str:
    """1.41 → "1,5": one decimal, rounded up so that any excess shows, with a Dutch decimal comma."""
    return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_CEILING)}".replace(".", ",")


def format_limit(value) -> str:
    """2 → "2", 1.5 → "1,5"."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else format_pages(value)
