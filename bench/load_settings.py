"""Settings of the deadline-day load bench (bench/load.py): production's, over plain HTTP on 127.0.0.1.

Production's settings with only what plain HTTP on a loopback address needs changed (no HTTPS redirect, no
secure-only cookie names), and a URLconf that adds the one-query view the bench compares against. Static files
use the non-manifest storage so the bench needs no collectstatic; the load profile fetches no static files.
"""

from pow_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
