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
