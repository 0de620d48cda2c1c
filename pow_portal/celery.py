"""The Celery app. Configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery

# Without DJANGO_SETTINGS_MODULE a worker runs with production settings (DEBUG off, no default secret key, so
# a forgotten variable stops it instead of running it open); development and tests set the module themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.production")

app = Celery("pow_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
