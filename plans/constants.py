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
