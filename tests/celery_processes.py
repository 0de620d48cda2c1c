"""Real Celery processes (workers, beat) for the tests that need them: CI's second pass, PostgreSQL and Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def needs_services() -> None:
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (CI's second pass runs it)")


def celery_env(**extra) -> dict:
    """The environment of a worker on the test database (the test process's own, as the tests see it)."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pow_portal.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


def mail_to(folder) -> dict:
    """Environment for a worker whose mail lands as files in ``folder``."""
    return {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_EMAIL_FILE_PATH": str(folder)}  # fmt: skip


def start_celery(args, env, *, stdout=subprocess.PIPE, own_group=False) -> subprocess.Popen:
    """``celery -A pow_portal <args>``; ``own_group`` puts it in a process group of its own (see ``stop_group``)."""
    command = [sys.executable, "-m", "celery", "-A", "pow_portal", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.STDOUT, text=True,
                            start_new_session=own_group)  # fmt: skip


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stop_group(proc) -> None:
    """Stop a worker with everything it started: its embedded beat is a child process that outlives a worker a
    test SIGKILLed, and would otherwise keep running after the suite."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(0.5)  # the group's other members (the beat) end after their leader
