from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    """The questionnaire (vragenlijst) goes out twice a year: in January and in July (SPEC.md, step 7)."""

    JANUARI = "januari", _("Januari")
    JULI = "juli", _("Juli")


class MeetingKind(models.TextChoices):
    """National meetings of the programme (seed 002, "Planning Perspectief op Werk 2019")."""

    LANDELIJK = "landelijk", _("Landelijke bijeenkomst")
    WETHOUDERS = "wethouders", _("Wethoudersbijeenkomst")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk overleg")


class AttendanceStatus(models.TextChoices):
    AANWEZIG = "aanwezig", _("Aanwezig")
    AFGEMELD = "afgemeld", _("Afgemeld")
    AFWEZIG = "afwezig", _("Afwezig")


class ReportStatus(models.TextChoices):
    """The states of a progress report (voortgangsrapportage)."""

    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")


class ReviewOutcome(models.TextChoices):
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")


class EvaluationOutcome(models.TextChoices):
    TOEGEKEND = "toegekend", _("Goede voortgang: tranche 2020 toegekend")
    NIET_TOEGEKEND = "niet_toegekend", _("Geen tranche 2020")


#: The text parts of a progress report: per pillar what was done, bottlenecks and good examples.
REPORT_TEXTS = (
    ("aanbod", _("Pijler 1 — Aanbod: wat is gedaan aan werkfitte kandidaten")),
    ("vraag", _("Pijler 2 — Vraag: wat is gedaan aan werkplekken")),
    ("route", _("Pijler 3 — Route: matching en begeleiding")),
    ("scholing", _("Pijler 4 — Scholing")),
    ("knelpunten", _("Knelpunten")),
    ("goede_voorbeelden", _("Goede voorbeelden")),
)

#: The numbers of a progress report: matches realised by kind and the werkfitte candidates in the file.
REPORT_NUMBERS = (
    ("matches_regulier", _("Matches op een reguliere baan")),
    ("matches_leerwerkplek", _("Matches op een leerwerkplek")),
    ("matches_overig", _("Overige matches")),
    ("werkfitte_kandidaten", _("Werkfitte kandidaten in het regionale bestand")),
)
