from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Beoordeling en financiering")

    def ready(self):
        from plans.workflow import plan_moved
        from pow_portal import outbox

        from . import letters, services

        outbox.register("review.decision_letter", letters.decision_render_letter)
        plan_moved.connect(services.plan_moved_release, dispatch_uid="review.release_on_rejection_or_withdrawal")
