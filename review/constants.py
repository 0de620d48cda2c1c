from django.db import models
from django.utils.translation import gettext_lazy as _


class CirculaireStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


class CheckItemKey(models.TextChoices):
    """The framework's items a complete plan has (seed 002, section 2 "De inhoudsopgave")."""

    SECTIONS = "sections", _("Alle negen onderdelen zijn ingevuld")
    AMBITION_QUANTITATIVE = "ambition_quantitative", _("Een concrete, kwantitatieve ambitie (aantal matches)")
    IMPROVEMENT = "improvement", _("De verbetering ten opzichte van de bestaande situatie")
    PILLARS = "pillars", _("De vier pijlers: aanbod, vraag, route en scholing")
    EMPLOYER_SERVICES = "employer_services", _("De drie punten van werkgeversdienstverlening")
    PARTIES = "parties", _("Partijen met hun rol, waaronder UWV, gemeenten, werkgevers en onderwijs")
    GRAPHIC = "graphic", _("Een grafische afbeelding van de regionale infrastructuur")
    INSTRUMENTS = "instruments", _("Instrumenten en middelen van UWV, gemeenten en onderwijs")
    SIGNATURES = "signatures", _("De twee juiste ondertekenaars met de verklaringen a tot en met c")
    CONTACT = "contact", _("Een contactpersoon voor het ondersteuningsteam")
    AGREEMENT = "agreement", _("De ondertekende samenwerkingsovereenkomst")
    PAGE_LIMITS = "page_limits", _("Elk onderdeel binnen zijn A4-limiet")


class AdviceKind(models.TextChoices):
    POSITIEF = "positief", _("Positief")
    POSITIEF_MET_VOORWAARDEN = "positief_met_voorwaarden", _("Positief met voorwaarden")
    NEGATIEF = "negatief", _("Negatief")


class DecisionKind(models.TextChoices):
    GOEDKEURING = "goedkeuring", _("Goedkeuring")
    AFWIJZING = "afwijzing", _("Afwijzing")


class SubmissionWindow(models.TextChoices):
    """The two submission windows of a round (seed 002, "Planning"), each tied to one circulaire."""

    EARLY = "vroeg", _("Ingediend vóór de vroege deadline (septembercirculaire)")
    CLOSING = "sluiting", _("Ingediend vóór de sluitingsdatum (decembercirculaire)")
    LATE = "laat", _("Ingediend na de sluitingsdatum")


class PaymentKind(models.TextChoices):
    UITKERING = "uitkering", _("Uitkering")
    VERREKENING = "verrekening", _("Verrekening")


class PaymentStatus(models.TextChoices):
    """Reserved at a positive advice, confirmed by the approval; released by a rejection or withdrawal."""

    GERESERVEERD = "gereserveerd", _("Gereserveerd")
    BEVESTIGD = "bevestigd", _("Bevestigd")
    VRIJGEGEVEN = "vrijgegeven", _("Vrijgegeven")
    VERREKEND = "verrekend", _("Verrekend")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


# Payments that hold money: they count against the budget and stand on their circulaire's list.
ACTIVE_PAYMENT_STATES = (PaymentStatus.GERESERVEERD, PaymentStatus.BEVESTIGD)
# Payments that were reported to BZK and then corrected still count: their correction nets them out.
BUDGET_PAYMENT_STATES = (*ACTIVE_PAYMENT_STATES, PaymentStatus.VERREKEND)


class CorrectionKind(models.TextChoices):
    VERPLAATST = "verplaatst", _("Verplaatst")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")
    VRIJGEGEVEN = "vrijgegeven", _("Vrijgegeven")
    VERREKEND = "verrekend", _("Verrekend in een volgende circulaire")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
