"""Large payment-list exports are background jobs (pow_portal.Job): each export job becomes one, keeping its file,
hash, progress and state."""

from django.db import migrations

STATES = {"wachtend": "waiting", "bezig": "waiting", "klaar": "done", "mislukt": "failed"}


def forwards(apps, schema_editor):
    ExportJob = apps.get_model("review", "ExportJob")
    Job = apps.get_model("pow_portal", "Job")
    for export in ExportJob.objects.all():
        Job.objects.get_or_create(
            key=f"review.export:{export.circulaire_id}:{export.format}:old-{export.pk}",
            defaults={
                "kind": "review.export",
                "payload": {"circulaire_id": export.circulaire_id, "format": export.format, "rows": export.rows},
                "state": STATES[export.status],
                "attempts": export.attempts,
                "last_error": export.error,
                "requested_by_id": export.requested_by_id,
                "created_at": export.requested_at,
                "started_at": export.started_at,
                "done_at": export.finished_at,
                "file": export.file.name,
                "sha256": export.sha256,
                "progress_done": export.progress,
                "progress_total": 100,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0007_export_jobs"),
        ("pow_portal", "0005_jobs"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="ExportJob"),
    ]
