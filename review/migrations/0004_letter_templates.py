"""Default texts of the decision letter, after seed 004 (the approval letter to Helmond-De Peel)."""

from django.db import migrations

APPROVAL = """Geachte {{ wethouder }},

De huidige arbeidsmarkt biedt kansen, ook voor de mensen die minder makkelijk een baan kunnen vinden. Daarom hebben werkgevers (VNO-NCW, MKB-Nederland, LTO Nederland), gemeenten (VNG, G4, G40), UWV, MBO Raad en de ministeries van OCW en SZW zich verbonden aan de Intentieverklaring Perspectief op Werk.

Arbeidsmarktregio's die in lijn met de intentieverklaring een actieplan opstellen, kunnen rekenen op een impulsfinanciering van 1 miljoen euro in 2019 en 1 miljoen euro in 2020. Deze bedragen zijn inclusief btw.

Op {{ submitted_on }} heeft u, samen met {{ werkgever }}, namens de partijen in uw arbeidsmarktregio, een actieplan voor de arbeidsmarktregio {{ region }} ingediend. Dit actieplan is in lijn met de Intentieverklaring Perspectief op Werk. Ik keur het plan goed op {{ decided_on }}; het loopt tot en met {{ term_ends_on }}.

De impulsfinanciering van {{ amount }} wordt bij de {{ circulaire }} door middel van een decentralisatie-uitkering aan uw gemeente uitgekeerd onder de noemer "Perspectief op Werk". Over de besteding van deze middelen legt u verantwoording af aan uw gemeenteraad.

Het Landelijk Ondersteuningsteam zal in de komende periode over de uitvoering van uw plan met u in gesprek blijven. Ik wens u veel succes bij de uitvoering van uw activiteiten.

Met vriendelijke groet,
de Staatssecretaris van Sociale Zaken en Werkgelegenheid"""

REJECTION = """Geachte {{ wethouder }},

Op {{ submitted_on }} heeft u, samen met {{ werkgever }}, een actieplan voor de arbeidsmarktregio {{ region }} ingediend in het kader van Perspectief op Werk.

Op advies van de Stuurgroep Perspectief op Werk heb ik op {{ decided_on }} besloten dit actieplan niet goed te keuren. Het Landelijk Ondersteuningsteam neemt contact met u op om de overwegingen toe te lichten.

Met vriendelijke groet,
de Staatssecretaris van Sociale Zaken en Werkgelegenheid"""


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("review", "LetterTemplate")
    LetterTemplate.objects.update_or_create(
        kind="goedkeuring", defaults={"subject": "Goedkeuring regionaal actieplan Perspectief op Werk", "body": APPROVAL}
    )
    LetterTemplate.objects.update_or_create(
        kind="afwijzing", defaults={"subject": "Besluit regionaal actieplan Perspectief op Werk", "body": REJECTION}
    )


class Migration(migrations.Migration):
    dependencies = [("review", "0003_review_models")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
