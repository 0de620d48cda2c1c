"""A private PostgreSQL cluster in a temporary directory, for fault drills and restore tests.

The machine's shared PostgreSQL is never stopped or restarted by tests: drills start their own
cluster (``initdb`` + ``pg_ctl`` as the ``postgres`` user) on a free port and remove it afterwards.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("POW_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """Why a private cluster cannot be started here, or None when it can."""
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL server binaries in {PG_BIN}"
    if os.geteuid() != 0 or not shutil.which("runuser"):
        return "starting a private cluster needs root (runuser -u postgres)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateCluster:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pow-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o700)
        self._as_postgres([PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8"])

    def _as_postgres(self, args, **kwargs):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)], check=True, capture_output=True, **kwargs
        )

    def _ctl(self, *args):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            [PG_BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "log", "-o", options, "-w", "-t", "60", *args]
        )

    def start(self):
        self._ctl("start")
        return self

    def restart(self):
        self._ctl("restart", "-m", "fast")

    def stop(self):
        try:
            self._ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, name="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def createdb(self, name):
        self._as_postgres([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name])

    def wait_ready(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [PG_BIN / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False
            ).returncode
            if ready == 0:
                return
            time.sleep(0.1)
        raise TimeoutError("private PostgreSQL did not come up")
