"""Backups: the database and the uploaded files in one timestamped archive, and back again.

An archive ``pow-backup-YYYYmmdd-HHMMSS.tar.gz`` holds ``manifest.json`` (when, which engine, row
counts), the database (``database.dump`` made by ``pg_dump -Fc`` for PostgreSQL, or ``database.sqlite3``
made with SQLite's online backup) and ``media/`` (MEDIA_ROOT: uploads and generated PDFs). ``make backup``
and ``make restore ARCHIVE=...`` call the ``backup`` and ``restore`` commands that use these functions.
"""

import datetime
import json
import logging
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with fixed arguments, never a shell
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

COUNTED_TABLES = ("plans_plan", "plans_planversion", "plans_planfile", "review_decision", "review_payment")


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432), "-U", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _counts() -> dict:
    with connection.cursor() as cursor:
        counts = {}
        for table in COUNTED_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 # nosec B608 - fixed table names
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(*, to_dir: Path, media_root: Path | None = None) -> Path:
    """Write an archive of the current database and MEDIA_ROOT into ``to_dir``; return its path."""
    db = connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
    to_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    archive = to_dir / f"pow-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if connection.vendor == "postgresql":
            dump = work / "database.dump"
            args, env = _pg_env(db)
            command = ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(dump), db["NAME"]]
            subprocess.run(command, check=True, env=env)  # noqa: S603 # nosec B603 B607 - fixed arguments, no shell
        elif connection.vendor == "sqlite":
            dump = work / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        else:
            raise RuntimeError(f"no backup for database engine {connection.vendor}")
        manifest = {
            "created": stamp,
            "engine": connection.vendor,
            "database": dump.name,
            "counts": _counts(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        # The archive holds password hashes and second-factor secrets: only its owner may read it, from the
        # first byte on (created 0600, not chmod-ed afterwards).
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            if media_root.exists():
                tar.add(media_root, arcname="media")
    logger.info("backup written", extra={"archive": archive.name, "counts": manifest["counts"]})
    return archive


def restore(*, archive: Path, database: dict | None = None, media_root: Path | None = None) -> dict:
    """Restore ``archive`` into an empty database (``database``, settings-style; default: the configured one)
    and into ``media_root``. Returns the archive's manifest."""
    db = database or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        dump = work / manifest["database"]
        engine = db["ENGINE"].rsplit(".", 1)[-1]
        if manifest["engine"] == "postgresql" and engine in ("postgresql", "postgis"):
            args, env = _pg_env(db)
            # --exit-on-error: a database that already has the tables makes the restore stop, changing nothing.
            command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                       *args, "-d", db["NAME"], str(dump)]  # fmt: skip
            subprocess.run(command, check=True, env=env)  # noqa: S603 # nosec B603 B607 - fixed arguments, no shell
        elif manifest["engine"] == "sqlite" and engine == "sqlite3":
            target = Path(db["NAME"])
            if target.exists() and target.stat().st_size:
                raise RuntimeError(f"{target} is not empty: restore into a fresh database")
            shutil.copyfile(dump, target)
        else:
            raise RuntimeError(f"a {manifest['engine']} backup cannot be restored into {engine}")
        if (work / "media").exists():
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)
    logger.info("backup restored", extra={"archive": Path(archive).name})
    return manifest
