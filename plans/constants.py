from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The nine sections of a regional action plan (seed 002, "De inhoudsopgave van het regionale actieplan")."""

    ANALYSE = "analyse", _("1. Analyse")
    AMBITIE = "ambitie", _("2. Ambitie")
    AANPAK = "aanpak", _("3. Aanpak")
    BETROKKENEN = "betrokkenen", _("4. Betrokkenen en samenwerking")
    INSTRUMENTEN = "instrumenten", _("5. Instrumenten en middelen")
    OVERIGE_AFSPRAKEN = "overige_afspraken", _("6. Overige regionale afspraken")
    ONDERTEKENING = "ondertekening", _("7. Ondertekening")
    CONTACTPERSOON = "contactpersoon", _("8. Bijlage: contactpersoon")
    SAMENWERKINGSOVEREENKOMST = "samenwerkingsovereenkomst", _("9. Bijlage: samenwerkingsovereenkomst")


#: Page limits of the 2019 round (seed 002): the initial data of a round's SectionLimit rows.
DEFAULT_PAGE_LIMITS = {
    Section.ANALYSE: 2,
    Section.AMBITIE: 1,
    Section.AANPAK: 2,
    Section.BETROKKENEN: 2,
    Section.INSTRUMENTEN: 1,
    Section.OVERIGE_AFSPRAKEN: 1,
}


class PlanStatus(models.TextChoices):
    """The states of a plan. Only ``plans.workflow.plan_transition`` changes a plan's status."""

    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    IN_BEOORDELING = "in_beoordeling", _("In beoordeling")
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")
    VOLLEDIG = "volledig", _("Volledig")
    GEAGENDEERD = "geagendeerd", _("Geagendeerd bij stuurgroep")
    GEADVISEERD = "geadviseerd", _("Advies stuurgroep")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


#: States in which the region may edit its plan.
EDITABLE_STATES = frozenset({PlanStatus.CONCEPT, PlanStatus.AANVULLING_GEVRAAGD})


class FileSlot(models.TextChoices):
    """The uploads a plan asks for."""

    INFRASTRUCTUUR = "infrastructuur", _("Grafische afbeelding van de regionale infrastructuur")
    ONDERTEKENING = "ondertekening", _("Ondertekende pagina")
    SAMENWERKINGSOVEREENKOMST = "samenwerkingsovereenkomst", _("Ondertekende samenwerkingsovereenkomst")


class PartyKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    UWV = "uwv", _("UWV")
    WERKGEVER = "werkgever", _("Werkgever(sorganisatie)")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    VAKBOND = "vakbond", _("Vakbond")
    CLIENTENORGANISATIE = "clientenorganisatie", _("Cliëntenorganisatie")
    PRIVATE_INTERMEDIAIR = "private_intermediair", _("Private intermediair")
    ANDERS = "anders", _("Anders")
