"""Settings for the test suite.

The database, cache and broker come from the environment exactly as in production, so the same
suite runs on the embedded default (SQLite, eager Celery) and on PostgreSQL + Redis.
"""

import hashlib
import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

SECRET_KEY = "test-key-not-for-production"  # noqa: S105 - test settings only
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process during tests; the Celery integration test starts a real worker and turns
# this off for itself.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# The gauge in the request, as with in-process tasks; tests of the worker's gauge turn it on for themselves.
POW_GAUGE_IN_WORKER = env.bool("POW_GAUGE_IN_WORKER", default=False)
ALLOWED_HOSTS = ["*"]
# Per checkout and database, so two clones (or the SQLite and PostgreSQL passes) can run their suites at once.
_CHECKOUT = hashlib.sha1(f"{BASE_DIR}{env('DATABASE_URL', default='')}".encode(), usedforsecurity=False).hexdigest()[
    :8
]  # a name, not a secret
_TMP = tempfile.gettempdir()
MEDIA_ROOT = env.path("POW_MEDIA_ROOT", default=f"{_TMP}/pow-portal-test-media-{_CHECKOUT}")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory: the live server's threads then wait for locks like production does.
    DATABASES["default"]["TEST"] = {"NAME": f"{_TMP}/pow-portal-test-{_CHECKOUT}.sqlite3"}
