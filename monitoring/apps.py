from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from pow_portal import outbox

        from . import files, rendering

        outbox.register("monitoring.report_pdf", rendering.report_version_render_pdf)
        outbox.register("monitoring.evaluation_letter", rendering.evaluation_render_letter)
        outbox.register("monitoring.generated_file", files.build)
