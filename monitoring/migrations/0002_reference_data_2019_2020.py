"""Monitoring data of the 2019-2020 round and the 2020 circulaires (seed 002 and SPEC.md, route step 7).

- Questionnaire periods: January and July (due at the end of the month; matches counted to the end of
  the half year before).
- National meetings from seed 002's "Planning Perspectief op Werk 2019": 1ste landelijke bijeenkomst
  25 March, wethoudersbijeenkomst 3 April, 2de landelijke bijeenkomst June, 3de October, bestuurlijk
  overleg (goede voortgang) November. The seed names only the month for June, October and November;
  the day here is a placeholder the ministry corrects in the admin. Attendance at the landelijke
  bijeenkomsten is the condition for the 2020 money ("Deelname ... is een voorwaarde voor de extra middelen").
- Circulaires 2020 for the second tranche: meicirculaire (BZK deadline 15 April 2020, an assumption),
  septembercirculaire (first week of July: Friday 3 July 2020) and decembercirculaire (15 September 2020),
  following the 2019 pattern of review.0002. Editable by the ministry.
"""

import datetime

from django.db import migrations

D = datetime.date

PERIODS = [
    ("Vragenlijst juli 2019", "juli", D(2019, 6, 30), D(2019, 7, 1), D(2019, 7, 31)),
    ("Vragenlijst januari 2020", "januari", D(2019, 12, 31), D(2020, 1, 1), D(2020, 1, 31)),
    ("Vragenlijst juli 2020", "juli", D(2020, 6, 30), D(2020, 7, 1), D(2020, 7, 31)),
    ("Vragenlijst januari 2021", "januari", D(2020, 12, 31), D(2021, 1, 1), D(2021, 1, 31)),
]
MEETINGS = [
    ("landelijk", "1ste landelijke bijeenkomst PoW", D(2019, 3, 25), True),
    ("wethouders", "Wethoudersbijeenkomst PoW", D(2019, 4, 3), False),
    ("landelijk", "2de landelijke bijeenkomst PoW", D(2019, 6, 20), True),
    ("landelijk", "3de landelijke bijeenkomst PoW", D(2019, 10, 10), True),
    ("bestuurlijk", "Bestuurlijk overleg (goede voortgang)", D(2019, 11, 21), False),
]
CIRCULAIRES_2020 = [
    ("Meicirculaire 2020", D(2020, 4, 15)),
    ("Septembercirculaire 2020", D(2020, 7, 3)),
    ("Decembercirculaire 2020", D(2020, 9, 15)),
]


def load(apps, schema_editor):
    Round = apps.get_model("pow_portal", "ProgrammeRound")
    Period = apps.get_model("monitoring", "MonitoringPeriod")
    Meeting = apps.get_model("monitoring", "NationalMeeting")
    Circulaire = apps.get_model("review", "Circulaire")
    round_ = Round.objects.get(name="2019-2020")
    for name, kind, counts_until, opens_on, due_on in PERIODS:
        Period.objects.update_or_create(
            round=round_, name=name,
            defaults={"kind": kind, "counts_until": counts_until, "opens_on": opens_on, "due_on": due_on},
        )
    for kind, title, date, counts in MEETINGS:
        Meeting.objects.update_or_create(
            round=round_, title=title, defaults={"kind": kind, "date": date, "counts_for_attendance": counts}
        )
    for name, deadline in CIRCULAIRES_2020:
        Circulaire.objects.update_or_create(
            name=name, defaults={"round": round_, "year": 2020, "bzk_deadline": deadline, "status": "open"}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_monitoring_models"),
        ("pow_portal", "0002_reference_data_2019"),
        ("review", "0005_payments"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
