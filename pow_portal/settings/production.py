"""Production settings: PostgreSQL, Redis, real Celery workers, HTTPS.

Everything is configured by environment variables; there is no default secret key.
"""

from pow_portal.logconfig import logging_config

from .base import *  # noqa: F403
from .base import DATABASES, SENTRY_DSN, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Keep database connections for a minute; CONN_HEALTH_CHECKS (base) replaces one that a restart broke.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)

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

# ---- Security: logs and error tracking (issue 12) -----------------------------------------------------
LOGGING = logging_config(fmt=env("POW_LOG_FORMAT", default="json"), level=env("DJANGO_LOG_LEVEL", default="INFO"))
# Second factor for everyone in production unless explicitly turned off.
POW_OTP_REQUIRED_FOR_ALL = env.bool("POW_OTP_REQUIRED_FOR_ALL", default=True)
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,  # no user names, e-mail addresses or IP addresses to the tracker
        traces_sample_rate=0.0,
    )
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
