"""Health checks of the services the portal needs: database, cache and Celery broker."""

import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection

logger = logging.getLogger(__name__)


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure, whatever it is
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache():
    key = "health:ping"
    cache.set(key, "pong", 10)
    if cache.get(key) != "pong":
        raise RuntimeError("cache returned a different value")
    return caches["default"].__class__.__name__


def check_broker():
    from .celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith("memory"):
        return "eager (embedded default, no broker)"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


def run_checks() -> dict:
    checks = {"database": _timed(check_database), "cache": _timed(check_cache), "broker": _timed(check_broker)}
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "error", "checks": checks}
