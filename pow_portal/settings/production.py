"""Production settings: PostgreSQL, Redis, real Celery workers, HTTPS.

Everything is configured by environment variables; there is no default secret key.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# ------------------------------------------------------------------------------
# HTTPS
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# ------------------------------------------------------------------------------
# Static files
# ------------------------------------------------------------------------------
# Hashed names (``app.3f9c1e.css``) let whitenoise serve them with a far-future, immutable cache header; a
# changed file gets a new name. ``collectstatic`` makes them (and their gzip/brotli variants) at deploy time.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "pow_portal.staticfiles.PortalStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = env.int("DJANGO_STATIC_MAX_AGE", default=60 * 60)  # files without a hash in their name
