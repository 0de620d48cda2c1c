"""What each of the nine sections holds and the framework's guidance for it (seed 002, "De inhoudsopgave").

One registry used by forms, the checklist, the print template and the A4 measure.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .constants import FileSlot, Section


@dataclass(frozen=True)
class Part:
    """A rich-text part of a section."""

    key: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class SectionSpec:
    section: Section
    guidance: str
    parts: tuple[Part, ...] = ()
    files: tuple[FileSlot, ...] = ()
    has_data: bool = False
    bullets: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self):
        return self.section.value

    @property
    def title(self):
        return self.section.label


SPECS = {
    spec.section: spec
    for spec in (
        SectionSpec(
            Section.ANALYSE,
            _(
                "Beschrijf de arbeidsmarkt in uw regio (vraag en aanbod/kansen en uitdagingen) wat u als input "
                "gebruikt voor uw aanpak voor Perspectief op Werk."
            ),
            parts=(Part("tekst", _("Analyse van de regionale arbeidsmarkt")),),
            bullets=(
                _("arbeidsmarktanalyses zoals regio in beeld van UWV"),
                _("branche-specifieke afspraken zoals het actieprogramma Werken in de Zorg"),
            ),
        ),
        SectionSpec(
            Section.AMBITIE,
            _(
                "Benoem de doelstellingen en resultaten. a) Formuleer een duidelijk gedefinieerde en "
                "concrete, kwantitatieve ambitie met het aantal matches dat vanuit Perspectief op Werk voor de "
                "komende twee jaar wordt gerealiseerd. b) Geef daarbij aan wat de verbetering is ten opzichte van "
                "de bestaande situatie."
            ),
            parts=(
                Part("toelichting", _("Toelichting op de ambitie"), required=False),
                Part("verbetering", _("Verbetering ten opzichte van de bestaande situatie")),
            ),
            has_data=True,
        ),
        SectionSpec(
            Section.AANPAK,
            _(
                "Beschrijf in uw doe-agenda hoe, met welke partijen en met welke activiteiten u uw kwantitatieve "
                "ambitie gaat realiseren, langs de vier pijlers, en hoe partijen de regionale "
                "werkgeversdienstverlening versterken. Met planning."
            ),
            parts=(
                Part("aanbod", _("Pijler 1 — Aanbod: werkfitte kandidaten")),
                Part("vraag", _("Pijler 2 — Vraag: werkplekken")),
                Part("route", _("Pijler 3 — Route: matching en begeleiding")),
                Part("scholing", _("Pijler 4 — Scholing")),
                Part("aanspreekpunt", _("Werkgeversdienstverlening — één gezamenlijk aanspreekpunt voor werkgevers")),
                Part(
                    "wsp", _("Werkgeversdienstverlening — werkzoekenden van UWV en gemeenten inzichtelijk op het WSP")
                ),
                Part("harmonisatie", _("Werkgeversdienstverlening — harmonisering van instrumenten en processen")),
                Part("planning", _("Planning")),
            ),
        ),
        SectionSpec(
            Section.BETROKKENEN,
            _(
                "Overzicht van de betrokken partijen (waaronder UWV, regiogemeenten, werkgevers en onderwijsveld) "
                "en hun rol, met een grafische afbeelding van de regionale infrastructuur."
            ),
            parts=(Part("samenwerking", _("Toelichting op de samenwerking"), required=False),),
            files=(FileSlot.INFRASTRUCTUUR,),
            has_data=True,
        ),
        SectionSpec(
            Section.INSTRUMENTEN,
            _(
                "Maak inzichtelijk welke reguliere instrumenten, financiële middelen en capaciteit (van UWV, "
                "gemeenten en onderwijsveld) worden ingezet, bijvoorbeeld no-riskpolis, jobcoaching, "
                "loonkostensubsidie; ook andere financieringsbronnen zoals O&O-fondsen."
            ),
            parts=(Part("toelichting", _("Toelichting"), required=False),),
            has_data=True,
        ),
        SectionSpec(
            Section.OVERIGE_AFSPRAKEN,
            _("Andere onderwerpen waarover partijen afspraken willen maken."),
            parts=(Part("tekst", _("Overige regionale afspraken")),),
        ),
        SectionSpec(
            Section.ONDERTEKENING,
            _(
                "Handtekening van 1) de wethouder van de centrumgemeente met werk & inkomen in de portefeuille en "
                "2) de voorzitter of bestuurder aan werkgeverszijde (lid van VNO-NCW, MKB Nederland en/of LTO "
                "Nederland), met de drie uitdrukkelijke verklaringen a tot en met c."
            ),
            files=(FileSlot.ONDERTEKENING,),
            has_data=True,
        ),
        SectionSpec(
            Section.CONTACTPERSOON,
            _("In ieder geval de contactgegevens van één contactpersoon voor het landelijk ondersteuningsteam."),
            has_data=True,
        ),
        SectionSpec(
            Section.SAMENWERKINGSOVEREENKOMST,
            _(
                "Een kopie van de ondertekende samenwerkingsovereenkomst, waaruit blijkt dat alle betrokken "
                "partijen gecommitteerd zijn om samen de ambities van de doe-agenda te realiseren."
            ),
            files=(FileSlot.SAMENWERKINGSOVEREENKOMST,),
        ),
    )
}

ORDER = list(Section)


def spec_for(section) -> SectionSpec:
    return SPECS[Section(section)]


#: Section 7's three declarations (seed 002, "Ondertekening"): one wording for the form and the PDF.
DECLARATIONS = (
    (
        "a",
        _(
            "Beide bestuurders en alle betrokken partijen in de arbeidsmarktregio onderschrijven de inhoud van "
            "de intentieverklaring Perspectief op Werk en het actieplan."
        ),
    ),
    (
        "b",
        _(
            "Zij en de andere betrokken partijen in de arbeidsmarktregio verlenen medewerking aan de monitoring die "
            "door SZW wordt ingeschakeld en gefinancierd."
        ),
    ),
    (
        "c",
        _("De betrokken partijen in de arbeidsmarktregio nemen deel aan de landelijke periodieke bijeenkomsten."),
    ),
)


def declaration_text(letter: str, text) -> str:
    return f"{letter}) {text}"
