from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowPortalConfig(AppConfig):
    name = "pow_portal"
    verbose_name = _("Portaal")

    def ready(self):
        from . import jobs, services

        jobs.register(services.MAIL_JOB, services.notification_send)
        jobs.register(services.PASSWORD_RESET_JOB, services.password_reset_send)
