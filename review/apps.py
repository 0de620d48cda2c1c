from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Beoordeling en financiering")

    def ready(self):
        from plans.hooks import register_plan_extras

        from .hooks import plan_extras

        register_plan_extras(plan_extras)
