"""Shared helpers of the benches: the database each bench uses, peak and current RSS, a small table printer."""

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The benches' own PostgreSQL database and Redis database number, never the ones of tests or development.
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pow_bench")
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def ensure_postgres_database(url: str) -> bool:
    """Make the bench's PostgreSQL database afresh (no schema left from older migrations). False when PostgreSQL
    is not reachable."""
    import psycopg2
    from psycopg2 import sql

    base, name = url.rsplit("/", 1)
    try:
        connection = psycopg2.connect(base + "/postgres", connect_timeout=3)
    except psycopg2.OperationalError:
        return False
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    return True


def on_each_database(script: str) -> None:
    """Run ``script`` (a bench) once on SQLite and once on PostgreSQL, if reachable: each bench in a database of
    its own (``pow_bench_<script>``), so what one bench (the load bench) leaves is never another's data."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["BENCH_CHILD"] = "1"
    env.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.local")
    print("== SQLite ==", flush=True)
    name = Path(script).stem
    sqlite = Path(f"/tmp/pow-bench-{name}.sqlite3")  # noqa: S108 - a bench's scratch database
    sqlite.unlink(missing_ok=True)  # made afresh, like the PostgreSQL one: no schema left from older migrations
    subprocess.run([sys.executable, script], env={**env, "DATABASE_URL": f"sqlite:///{sqlite}"}, check=True)
    url = f"{BENCH_DATABASE_URL}_{name}"
    if ensure_postgres_database(url):
        print("== PostgreSQL ==", flush=True)
        subprocess.run([sys.executable, script], env={**env, "DATABASE_URL": url}, check=True)
    else:
        print("== PostgreSQL not reachable: skipped ==")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib(pid: int | None = None) -> float:
    """Current resident set size of a process (this one by default), from /proc."""
    with open(f"/proc/{pid or os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def login_verified(client, user) -> None:
    """Log ``client`` in as ``user`` past the second factor, as after a real login with the app's code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "bench"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
