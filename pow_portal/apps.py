from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowPortalConfig(AppConfig):
    name = "pow_portal"
    verbose_name = _("Portaal")
