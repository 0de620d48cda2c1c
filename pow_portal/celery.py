"""The Celery app. Configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import task_prerun

# Without DJANGO_SETTINGS_MODULE a worker runs with production settings (DEBUG off, no default secret key, so
# a forgotten variable stops it instead of running it open); development and tests set the module themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.production")

app = Celery("pow_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _database_as_for_a_request(task=None, **kwargs):
    """Before each task, what Django does before each request: drop a connection that is broken or older than
    CONN_MAX_AGE, and check the kept one on first use (CONN_HEALTH_CHECKS).

    Celery itself would close the connection before and after every task (``CELERY_DB_REUSE_MAX`` in the
    settings stops that): a new PostgreSQL backend for every A4 measure, nine a second on deadline day. Eager
    tasks run inside the caller's request or transaction and keep its connection.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
