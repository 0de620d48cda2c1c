"""Private file storage: generated and uploaded files live under MEDIA_ROOT, never at a public URL."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class _NoURLFileSystemStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Private files have no public URL; they are served by views that check permissions.")


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = _NoURLFileSystemStorage(location=settings.MEDIA_ROOT)


private_storage = PrivateStorage()
logger = logging.getLogger(__name__)


def get_private_storage():
    """Callable storage: migrations name this function instead of a machine's MEDIA_ROOT."""
    return private_storage


@contextmanager
def files_removed_on_rollback():
    """Wrap a transaction that saves files: ``with files_removed_on_rollback() as keep, transaction.atomic():``
    and ``keep(instance.file)`` after each save. If the block fails (its rows roll back), the files it wrote are
    removed, so no orphan file stays on disk."""
    saved = []
    try:
        yield saved.append
    except BaseException:
        for field_file in saved:
            if field_file.name:
                logger.warning("transaction rolled back: removing the file it wrote (%s)", field_file.name)
                field_file.storage.delete(field_file.name)
        raise
