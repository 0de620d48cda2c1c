"""The money route (seed 002, "Planning"): reservations at advice, confirmation at approval, corrections.

Each 2019 circulaire belongs to a submission window: the septembercirculaire to the early deadline (15 April),
the decembercirculaire to the closing date (15 July). Existing payments were approvals: they become confirmed.
An advice's date is its meeting's date where it was not recorded.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


WINDOWS_2019 = {"Septembercirculaire 2019": "vroeg", "Decembercirculaire 2019": "sluiting"}


def load(apps, schema_editor):
    Circulaire = apps.get_model("review", "Circulaire")
    for name, window in WINDOWS_2019.items():
        Circulaire.objects.filter(name=name).update(window=window)


def forward(apps, schema_editor):
    load(apps, schema_editor)
    Payment = apps.get_model("review", "Payment")
    Payment.objects.filter(status="gepland").update(status="bevestigd")
    Advice = apps.get_model("review", "Advice")
    for advice in Advice.objects.filter(advised_on__isnull=True).select_related("meeting"):
        advice.advised_on = advice.meeting.date
        advice.save(update_fields=["advised_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('pow_portal', '0003_outbox'),
        ('review', '0005_payments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='payment',
            name='one_payment_per_region_round_tranche',
        ),
        migrations.RemoveConstraint(
            model_name='payment',
            name='payment_amount_positive',
        ),
        migrations.AddField(
            model_name='advice',
            name='advised_on',
            field=models.DateField(null=True, verbose_name='datum advies'),
        ),
        migrations.AddField(
            model_name='circulaire',
            name='window',
            field=models.CharField(blank=True, choices=[('vroeg', 'Ingediend vóór de vroege deadline (septembercirculaire)'), ('sluiting', 'Ingediend vóór de sluitingsdatum (decembercirculaire)')], help_text='Plannen uit dit venster met een positief advies vóór de deadline BZK komen op deze lijst.', max_length=16, verbose_name='indienvenster'),
        ),
        migrations.AddField(
            model_name='payment',
            name='advice',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='review.advice'),
        ),
        migrations.AddField(
            model_name='payment',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='bevestigd op'),
        ),
        migrations.AddField(
            model_name='payment',
            name='corrects',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='review.payment', verbose_name='verrekent'),
        ),
        migrations.AddField(
            model_name='payment',
            name='kind',
            field=models.CharField(choices=[('uitkering', 'Uitkering'), ('verrekening', 'Verrekening')], default='uitkering', max_length=16, verbose_name='soort'),
        ),
        migrations.AddField(
            model_name='payment',
            name='reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='waarom op deze circulaire'),
        ),
        migrations.AddField(
            model_name='payment',
            name='window',
            field=models.CharField(blank=True, choices=[('vroeg', 'Ingediend vóór de vroege deadline (septembercirculaire)'), ('sluiting', 'Ingediend vóór de sluitingsdatum (decembercirculaire)'), ('laat', 'Ingediend na de sluitingsdatum')], max_length=16, verbose_name='indienvenster'),
        ),
        migrations.AlterField(
            model_name='payment',
            name='status',
            field=models.CharField(choices=[('gereserveerd', 'Gereserveerd'), ('bevestigd', 'Bevestigd'), ('vrijgegeven', 'Vrijgegeven'), ('verrekend', 'Verrekend'), ('geannuleerd', 'Geannuleerd')], default='bevestigd', max_length=16, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='paymentcorrection',
            name='kind',
            field=models.CharField(choices=[('verplaatst', 'Verplaatst'), ('geannuleerd', 'Geannuleerd'), ('vrijgegeven', 'Vrijgegeven'), ('verrekend', 'Verrekend in een volgende circulaire')], max_length=16, verbose_name='soort'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='advice',
            name='advised_on',
            field=models.DateField(verbose_name='datum advies'),
        ),
        migrations.AddConstraint(
            model_name='circulaire',
            constraint=models.UniqueConstraint(condition=models.Q(('window', ''), _negated=True), fields=('round', 'window'), name='one_circulaire_per_window'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'uitkering'), ('status__in', ['gereserveerd', 'bevestigd'])), fields=('round', 'region', 'tranche'), name='one_payment_per_region_round_tranche'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('kind', 'uitkering')), models.Q(('amount__lt', 0), ('kind', 'verrekening')), _connector='OR'), name='payment_amount_sign_by_kind'),
        ),
    ]
