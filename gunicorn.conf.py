"""gunicorn's settings for the portal (read from the working directory, or: gunicorn -c gunicorn.conf.py).

Sized for a 2-core machine; every value can be overridden by an environment variable.
- Sync workers, 2 x cores + 1: a request is short (pages in tens of milliseconds, an autosave with its A4
  measure in well under a second) and mostly CPU; the HTTPS proxy in front buffers slow clients.
- Workers are recycled after ``max_requests`` (+ jitter, so they do not all restart at once): whatever a
  library keeps growing (WeasyPrint, Pango) is returned to the system.
- The app is loaded once in the master (``preload_app``) and forked, so a recycled worker starts at once.
  Nothing opens a database connection or a font configuration at import time.
"""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 200))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own heartbeat files
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "pow_portal"


def when_ready(server):
    """Before the workers are forked: load what every worker needs, once, so the forks share it.

    WeasyPrint, openpyxl and the compiled templates would otherwise be loaded by each worker on its first PDF,
    spreadsheet or page, and show up as growth. (The font configuration is made per process, after the fork.)
    """
    import importlib

    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.template.utils import get_app_template_dirs

    for module in ("weasyprint", "openpyxl", "nh3"):
        importlib.import_module(module)
    dirs = [*settings.TEMPLATES[0]["DIRS"], *get_app_template_dirs("templates")]
    for base in dirs:
        for path in sorted(Path(base).rglob("*.html")):
            try:
                get_template(str(path.relative_to(base)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                server.log.warning("template %s not preloaded", path)
