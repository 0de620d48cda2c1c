from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Beoordeling en financiering")

    def ready(self):
        from plans.hooks import register_plan_extras
        from plans.workflow import plan_moved
        from pow_portal import jobs

        from . import exports, letters, services
        from .hooks import plan_extras

        jobs.register("review.decision_letter", letters.decision_render_letter)
        jobs.register(exports.EXPORT_JOB, exports.export_job_build, takes_job=True)
        jobs.register(exports.LIST_FILES_JOB, exports.list_files_build, takes_job=True)
        plan_moved.connect(services.plan_moved_release, dispatch_uid="review.release_on_rejection_or_withdrawal")
        register_plan_extras(plan_extras)
