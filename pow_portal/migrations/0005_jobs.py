"""The outbox item becomes the one background job: lease, attempts with backoff and cap, state, progress, file.

Existing rows keep their key and work; undone ones wait, done ones are done. Unsent mails get their job."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import pow_portal.storage


def forwards(apps, schema_editor):
    Job = apps.get_model("pow_portal", "Job")
    Notification = apps.get_model("pow_portal", "Notification")
    Job.objects.filter(done_at__isnull=False).update(state="done")
    Job.objects.filter(done_at__isnull=True).update(state="waiting")
    for notification in Notification.objects.filter(sent_at__isnull=True):
        Job.objects.get_or_create(
            key=f"mail:{notification.pk}",
            defaults={"kind": "pow_portal.mail", "payload": {"notification_id": notification.pk},
                      "created_at": notification.created_at},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pow_portal", "0004_oidc_identity_passkey"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("OutboxItem", "Job"),
        migrations.RemoveIndex(model_name="job", name="pow_portal__done_at_026f98_idx"),
        migrations.AddField(
            model_name="job",
            name="state",
            field=models.CharField(
                choices=[("waiting", "wacht"), ("running", "bezig"), ("done", "klaar"), ("failed", "mislukt")],
                default="waiting",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="aangevraagd door",
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="next_attempt_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="volgende poging"),
        ),
        migrations.AddField(
            model_name="job",
            name="max_attempts",
            field=models.PositiveIntegerField(default=5, verbose_name="maximaal aantal pogingen"),
        ),
        migrations.AddField(
            model_name="job",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=100, verbose_name="geclaimd door"),
        ),
        migrations.AddField(
            model_name="job",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="claim geldig tot"),
        ),
        migrations.AddField(
            model_name="job",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gestart"),
        ),
        migrations.AlterField(
            model_name="job",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="reden"),
        ),
        migrations.AddField(
            model_name="job",
            name="progress_done",
            field=models.PositiveIntegerField(default=0, verbose_name="stappen klaar"),
        ),
        migrations.AddField(
            model_name="job",
            name="progress_total",
            field=models.PositiveIntegerField(default=0, verbose_name="stappen"),
        ),
        migrations.AddField(
            model_name="job",
            name="progress_message",
            field=models.CharField(blank=True, max_length=200, verbose_name="voortgang"),
        ),
        migrations.AddField(
            model_name="job",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=300,
                storage=pow_portal.storage.get_private_storage,
                upload_to="jobs/",
                verbose_name="bestand",
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(model_name="job", index=models.Index(fields=["state", "next_attempt_at"], name="job_due")),
        migrations.AddIndex(model_name="job", index=models.Index(fields=["state", "lease_until"], name="job_lease")),
        migrations.AddIndex(model_name="job", index=models.Index(fields=["kind", "state"], name="job_kind_state")),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
