from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from pow_portal import jobs

        from . import files, rendering

        jobs.register("monitoring.report_pdf", rendering.report_version_render_pdf)
        jobs.register("monitoring.evaluation_letter", rendering.evaluation_render_letter)
        jobs.register(files.OVERVIEW_JOB, files.build_overview, takes_job=True)
        jobs.register(files.DOSSIER_JOB, files.build_dossier, takes_job=True)
