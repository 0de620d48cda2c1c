"""The 2019 circulaires of the gemeentefonds with BZK's deadlines (seed 002, "Planning Perspectief op Werk 2019").

"Deadline BZK voor septembercirculaire: eerste week juli" is kept as Friday 5 July 2019; the
decembercirculaire's deadline is 15 September 2019. Publication dates are entered by the ministry.
"""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    Round = apps.get_model("pow_portal", "ProgrammeRound")
    Circulaire = apps.get_model("review", "Circulaire")
    round_2019 = Round.objects.get(name="2019-2020")
    for name, deadline in [
        ("Septembercirculaire 2019", datetime.date(2019, 7, 5)),
        ("Decembercirculaire 2019", datetime.date(2019, 9, 15)),
    ]:
        Circulaire.objects.update_or_create(
            name=name, defaults={"round": round_2019, "year": 2019, "bzk_deadline": deadline, "status": "open"}
        )


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial"), ("pow_portal", "0002_reference_data_2019")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
