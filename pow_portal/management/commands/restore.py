import subprocess  # nosec B404 - only to name pg_restore's failure
from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError

from pow_portal.backup import restore


class Command(BaseCommand):
    help = "Restore a pow-backup-*.tar.gz archive into a fresh (empty) database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-url", help="restore into this database instead of the configured one")
        parser.add_argument("--media-root", help="restore the files here instead of MEDIA_ROOT")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.exists():
            raise CommandError(f"{archive} does not exist")
        database = environ.Env.db_url_config(options["database_url"]) if options["database_url"] else None
        media_root = Path(options["media_root"]) if options["media_root"] else None
        try:
            manifest = restore(archive=archive, database=database, media_root=media_root)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:
            raise CommandError(
                "pg_restore stopped and changed nothing: is the database fresh and empty? (see its message above)"
            ) from error
        self.stdout.write(f"restored {archive.name}: {manifest['counts']}")
