from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from pow_portal.backup import backup


class Command(BaseCommand):
    help = "Write the database and MEDIA_ROOT into one timestamped archive (pow-backup-*.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(Path(settings.BASE_DIR) / "backups"), help="folder for the archive")

    def handle(self, *args, **options):
        archive = backup(to_dir=Path(options["to"]))
        self.stdout.write(str(archive))
