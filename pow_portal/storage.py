"""Private file storage: generated and uploaded files live under MEDIA_ROOT, never at a public URL."""

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


def get_private_storage():
    """Callable storage: migrations name this function instead of a machine's MEDIA_ROOT."""
    return private_storage
