"""Reference data: the 35 arbeidsmarktregio's of 2019 and the 2019-2020 programme round.

Sources:
- Arbeidsmarktregio's and their centrumgemeenten: the regional division under the Wet SUWI
  (Besluit SUWI, article 1.1 and annex I, "Indeling arbeidsmarktregio's"), as published by CBS in
  "Gebieden in Nederland 2019" (table 84378NED, column Arbeidsmarktregio's). Codes are CBS's AMxx codes.
- The programme round: seed 002 ("Planning Perspectief op Werk 2019", "Stimulans") and SPEC.md:
  15 April 2019 for the septembercirculaire, 15 July 2019 the last day to submit, EUR 1,000,000 per
  tranche and EUR 35,000,000 per year, a plan runs two years from approval.
"""

import datetime
from decimal import Decimal

from django.db import migrations

REGIONS_2019 = [
    ("AM01", "Groningen", "Groningen"),
    ("AM02", "Friesland", "Leeuwarden"),
    ("AM03", "Noord-Holland Noord", "Alkmaar"),
    ("AM04", "Drenthe", "Emmen"),
    ("AM05", "Regio Zwolle", "Zwolle"),
    ("AM06", "Flevoland", "Almere"),
    ("AM07", "Zaanstreek/Waterland", "Zaanstad"),
    ("AM08", "Twente", "Enschede"),
    ("AM09", "Zuid-Kennemerland en IJmond", "Haarlem"),
    ("AM10", "Groot Amsterdam", "Amsterdam"),
    ("AM11", "Stedendriehoek en Noordwest Veluwe", "Apeldoorn"),
    ("AM12", "Amersfoort", "Amersfoort"),
    ("AM13", "Gooi en Vechtstreek", "Hilversum"),
    ("AM14", "Holland Rijnland", "Leiden"),
    ("AM15", "Midden-Utrecht", "Utrecht"),
    ("AM16", "Achterhoek", "Doetinchem"),
    ("AM17", "Haaglanden", "'s-Gravenhage"),
    ("AM18", "Food Valley", "Ede"),
    ("AM19", "Midden-Holland", "Gouda"),
    ("AM20", "Midden-Gelderland", "Arnhem"),
    ("AM21", "Rijnmond", "Rotterdam"),
    ("AM22", "Rivierenland", "Tiel"),
    ("AM23", "Drechtsteden", "Dordrecht"),
    ("AM24", "Gorinchem", "Gorinchem"),
    ("AM25", "Rijk van Nijmegen", "Nijmegen"),
    ("AM26", "Zeeland", "Goes"),
    ("AM27", "Noordoost-Brabant", "'s-Hertogenbosch"),
    ("AM28", "West-Brabant", "Breda"),
    ("AM29", "Midden-Brabant", "Tilburg"),
    ("AM30", "Noord-Limburg", "Venlo"),
    ("AM31", "Zuidoost-Brabant", "Eindhoven"),
    ("AM32", "Helmond-De Peel", "Helmond"),
    ("AM33", "Midden-Limburg", "Roermond"),
    ("AM34", "Zuid-Limburg", "Heerlen"),
    ("AM35", "Zuid-Holland Centraal", "Zoetermeer"),
]


def load(apps, schema_editor):
    Region = apps.get_model("pow_portal", "Arbeidsmarktregio")
    Round = apps.get_model("pow_portal", "ProgrammeRound")
    for code, name, centrumgemeente in REGIONS_2019:
        Region.objects.update_or_create(code=code, defaults={"name": name, "centrumgemeente": centrumgemeente})
    Round.objects.update_or_create(
        name="2019-2020",
        defaults={
            "starts_on": datetime.date(2019, 2, 19),  # Call for Action sent 19/20 February 2019 (seed 002).
            "early_deadline": datetime.date(2019, 4, 15),
            "submission_deadline": datetime.date(2019, 7, 15),
            "amount_per_tranche": Decimal("1000000.00"),
            "yearly_budget": Decimal("35000000.00"),
            "plan_term_years": 2,
            "is_current": True,
        },
    )


def unload(apps, schema_editor):
    apps.get_model("pow_portal", "ProgrammeRound").objects.filter(name="2019-2020").delete()
    apps.get_model("pow_portal", "Arbeidsmarktregio").objects.filter(code__in=[r[0] for r in REGIONS_2019]).delete()


class Migration(migrations.Migration):
    dependencies = [("pow_portal", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
