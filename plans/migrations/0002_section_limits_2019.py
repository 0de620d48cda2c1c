"""The section page limits of the 2019-2020 round (seed 002, "De inhoudsopgave": max 2 / 1 / 2 / 2 / 1 / 1 A4)."""

from decimal import Decimal

from django.db import migrations

LIMITS_2019 = {
    "analyse": 2,
    "ambitie": 1,
    "aanpak": 2,
    "betrokkenen": 2,
    "instrumenten": 1,
    "overige_afspraken": 1,
}


def load(apps, schema_editor):
    Round = apps.get_model("pow_portal", "ProgrammeRound")
    SectionLimit = apps.get_model("plans", "SectionLimit")
    round_2019 = Round.objects.get(name="2019-2020")
    for section, pages in LIMITS_2019.items():
        SectionLimit.objects.update_or_create(
            round=round_2019, section=section, defaults={"max_pages": Decimal(pages)}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("pow_portal", "0002_reference_data_2019")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
