"""A backup restores into a fresh database with every plan, version, file and payment.

On the embedded default the archive holds an SQLite online backup and is restored into a new SQLite
file; in CI's PostgreSQL pass it holds a ``pg_dump`` and is restored with ``pg_restore`` into a fresh
database of a private PostgreSQL cluster (never the machine's shared one). The restored rows are read
with the database driver directly and every stored file is compared by its SHA-256.
"""

import hashlib
import sqlite3
import tarfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from plans.models import Plan, PlanFile, PlanVersion
from review.models import Payment
from tests import pg_cluster, world
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = {
    "plans": "SELECT id, region_id, status FROM plans_plan ORDER BY id",
    "versions": "SELECT id, plan_id, number, pdf, pdf_sha256 FROM plans_planversion ORDER BY id",
    "files": "SELECT id, plan_id, file, sha256 FROM plans_planfile ORDER BY id",
    "payments": "SELECT id, region_id, tranche, amount, status FROM review_payment ORDER BY id",
}


def _original():
    return {
        "plans": list(Plan.objects.order_by("id").values_list("id", "region_id", "status")),
        "versions": [(v.id, v.plan_id, v.number, v.pdf.name, v.pdf_sha256) for v in PlanVersion.objects.order_by("id")],
        "files": [(f.id, f.plan_id, f.file.name, f.sha256) for f in PlanFile.objects.order_by("id")],
        "payments": list(Payment.objects.order_by("id").values_list("id", "region_id", "tranche", "amount", "status")),
    }


def _read(cursor):
    found = {}
    for key, sql in QUERIES.items():
        cursor.execute(sql)
        found[key] = [tuple(row) for row in cursor.fetchall()]
    return found


def _norm(rows):
    """Rows as comparable text (SQLite hands a decimal back as 1000000, PostgreSQL as 1000000.00)."""

    def cell(value):
        try:
            return str(Decimal(str(value)).normalize())
        except InvalidOperation:
            return str(value)

    return [tuple(cell(v) for v in row) for row in rows]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def target(tmp_path):
    """A fresh, empty database of the suite's engine: (restore --database-url, a function reading it back)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def read():
            with sqlite3.connect(path) as db:
                return _read(db.cursor())

        yield f"sqlite:///{path}", read
        return
    if reason := pg_cluster.available():
        pytest.skip(reason)
    cluster = pg_cluster.PrivateCluster().start()
    cluster.createdb("restored")

    def read():
        with psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="restored") as db:
            return _read(db.cursor())

    try:
        yield cluster.url("restored"), read
    finally:
        cluster.stop()


def test_backup_restores_every_plan_version_file_and_payment(open_round, target, tmp_path, capsys):
    ot = UserFactory(username="bk-ot", ondersteuningsteam=True)
    sg = UserFactory(username="bk-sg", stuurgroep=True)
    szw = UserFactory(username="bk-szw", ministerie=True)
    world.plan_sent_back(UserFactory(username="bk-helmond", regio=True), open_round, ot=ot)
    owner_b = UserFactory(username="bk-nl", role="regio", region=region("Noord-Limburg"))
    world.plan_approved(owner_b, open_round, ot=ot, sg=sg, szw=szw)
    original = _original()
    assert original["payments"] and original["files"] and all(v[3] for v in original["versions"])

    call_command("backup", to=str(tmp_path / "backups"))
    archive = Path(capsys.readouterr().out.strip())
    assert archive.name.startswith("pow-backup-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("media/") for n in names)

    url, read = target
    media = tmp_path / "restored-media"
    call_command("restore", str(archive), database_url=url, media_root=str(media))

    restored = read()
    for key in QUERIES:
        assert _norm(restored[key]) == _norm(original[key]), key
    for _id, _plan, name, sha256 in original["files"]:
        assert _sha256(media / name) == sha256 == _sha256(Path(settings.MEDIA_ROOT) / name)
    for _id, _plan, _number, name, sha256 in original["versions"]:
        assert _sha256(media / name) == sha256
    print(
        f"\nbackup/restore ({connection.vendor}): {len(restored['plans'])} plans, {len(restored['versions'])} "
        f"versions, {len(restored['files'])} files, {len(restored['payments'])} payments restored"
    )


def test_restore_refuses_a_database_that_is_not_empty(open_round, target, tmp_path, capsys):
    from django.core.management.base import CommandError

    call_command("backup", to=str(tmp_path))
    archive = capsys.readouterr().out.strip()
    url, read = target
    if connection.vendor == "sqlite":
        Path(url.removeprefix("sqlite:///")).write_bytes(b"not empty")
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", archive, database_url=url, media_root=str(tmp_path / "m"))
        assert Path(url.removeprefix("sqlite:///")).read_bytes() == b"not empty"
        return
    call_command("restore", archive, database_url=url, media_root=str(tmp_path / "m"))
    before = read()
    with pytest.raises(CommandError, match="fresh and empty"):
        call_command("restore", archive, database_url=url, media_root=str(tmp_path / "m"))
    assert read() == before  # one transaction: the second restore changed nothing


def test_the_archive_is_readable_by_its_owner_only(db, tmp_path, capsys):
    """It holds password hashes and second-factor secrets: 0600 from the start, in a 0700 folder."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        call_command("backup", to=str(tmp_path / "backups"))
    finally:
        os.umask(old)
    archive = Path(capsys.readouterr().out.strip())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700
