from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Actieplannen")

    def ready(self):
        from pow_portal import jobs

        from . import rendering

        jobs.register("plans.version_pdf", rendering.version_render_pdf)
