"""Overviews and dossiers are background jobs (pow_portal.Job): each generated file becomes its job, keeping
its file, hash, progress and state; its old outbox row is that job."""

from django.db import migrations

STATES = {"waiting": "waiting", "running": "waiting", "done": "done", "failed": "failed"}
KINDS = {"overview": "monitoring.overview", "dossier": "monitoring.dossier"}


def forwards(apps, schema_editor):
    GeneratedFile = apps.get_model("monitoring", "GeneratedFile")
    Job = apps.get_model("pow_portal", "Job")
    for export in GeneratedFile.objects.all():
        payload = {"digest": export.digest} if export.kind == "overview" else {"region_id": export.region_id}
        job = Job.objects.filter(key=f"generated-file:{export.pk}").first() or Job(key=f"generated-file:{export.pk}")
        job.kind = KINDS[export.kind]
        job.payload = payload
        job.state = STATES[export.status]
        job.requested_by_id = export.requested_by_id
        job.created_at = export.created_at
        job.done_at = export.finished_at
        job.file = export.file.name
        job.sha256 = export.sha256
        job.progress_done = export.done_steps
        job.progress_total = export.total_steps
        job.last_error = export.error
        job.save()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_report_status_changes"),
        ("pow_portal", "0005_jobs"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="GeneratedFile"),
    ]
