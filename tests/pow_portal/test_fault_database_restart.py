"""Fault drill: PostgreSQL restarts under load; the portal answers again without being restarted.

A private PostgreSQL cluster (never the machine's shared one) serves a real gunicorn process of the
portal with production settings and kept connections (``CONN_MAX_AGE``). Client threads keep asking
``/health/`` (a database round trip) while the cluster is restarted. Once PostgreSQL is back, every
request must succeed at once: ``CONN_HEALTH_CHECKS`` replaces the connections the restart broke, so no
worker thread fails its first request. Runs in CI's PostgreSQL pass.
"""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import pg_cluster

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


@pytest.fixture
def cluster():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("a PostgreSQL drill: runs in CI's PostgreSQL pass")
    if reason := pg_cluster.available():
        pytest.skip(reason)
    private = pg_cluster.PrivateCluster().start()
    yield private
    private.stop()


@pytest.fixture
def portal(cluster, tmp_path):
    port = pg_cluster.free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")},
        "DJANGO_SETTINGS_MODULE": "pow_portal.settings.production",
        "DATABASE_URL": cluster.url(),
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_SECRET_KEY": "fault-drill-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "POW_MEDIA_ROOT": str(tmp_path / "media"),
    }
    command = [sys.executable, "-m", "gunicorn", "pow_portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--timeout", "30"]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=tmp_path.joinpath("log").open("w")
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=2).close()  # noqa: S310 - a local test server
            break
        except OSError:  # not listening yet, or still starting
            time.sleep(0.2)
    else:
        proc.terminate()
        pytest.fail("gunicorn did not start: " + tmp_path.joinpath("log").read_text()[-2000:])
    yield proc, base
    proc.terminate()
    proc.wait(timeout=20)


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:  # refused, reset or timed out
        return type(error).__name__


class Load:
    """Client threads asking ``/health/`` until stopped; ``results`` holds (started, finished, status)."""

    def __init__(self, base, clients=6):
        self.results, self._stop = [], threading.Event()
        self._threads = [threading.Thread(target=self._client, args=(f"{base}/health/",)) for _ in range(clients)]
        for thread in self._threads:
            thread.start()

    def _client(self, url):
        while not self._stop.is_set():
            started = time.monotonic()
            status = _status(url)
            self.results.append((started, time.monotonic(), status))
            time.sleep(0.02)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join()
        return self.results


def test_the_portal_answers_again_after_postgresql_restarts(cluster, portal):
    proc, base = portal
    # 1. Under load: requests fail while PostgreSQL is down and succeed again as soon as it is back.
    load = Load(base)
    time.sleep(2)  # every worker thread now holds a kept connection
    restart_began = time.monotonic()
    cluster.restart()
    cluster.wait_ready()
    back = time.monotonic()
    time.sleep(3)
    results = load.stop()
    before = [r for r in results if r[1] < restart_began]
    after = [r for r in results if r[0] > back]
    assert before and all(status == 200 for _s, _f, status in before)
    assert len(after) > 20
    failed_after = [status for _s, _f, status in after if status != 200]
    assert not failed_after, f"requests failed after PostgreSQL was back: {failed_after}"
    failed = [
        (started, finished) for started, finished, status in results if started >= restart_began and status != 200
    ]
    outage = (max(f for _s, f in failed) - min(s for s, _f in failed)) if failed else 0.0
    first_ok_after_back = min(finished for started, finished, status in after if status == 200) - back

    # 2. Quiet restart: every thread still holds a connection the restart broke; none may fail a request.
    warm = Load(base)
    time.sleep(2)
    warm.stop()
    cluster.restart()
    cluster.wait_ready()
    quiet = Load(base)
    time.sleep(2)
    quiet_results = quiet.stop()
    quiet_failed = [status for _s, _f, status in quiet_results if status != 200]
    assert not quiet_failed, f"kept connections were reused after the restart: {quiet_failed}"

    assert proc.poll() is None, "the portal process must not have been restarted"
    print(
        f"\nPostgreSQL restart drill: pg_ctl restart took {back - restart_began:.2f} s; {len(failed)} requests got "
        f"503 in an outage of {outage:.2f} s; first 200 {first_ok_after_back * 1000:.0f} ms after PostgreSQL was "
        f"ready; {len(after)} of {len(after)} requests after it answered 200; after a quiet restart "
        f"{len(quiet_results)} of {len(quiet_results)} requests answered 200 at once"
    )
