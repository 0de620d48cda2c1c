"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the environment with
django-environ. With nothing set the portal runs on SQLite with Celery tasks run eagerly ("the
embedded default"); with ``DATABASE_URL`` and ``REDIS_URL`` set it runs on PostgreSQL, Redis and real
Celery workers.
"""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ROOT_URLCONF = "pow_portal.urls"
WSGI_APPLICATION = "pow_portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_URL = env("POW_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    # ---- Security: login lockout, second factor, CSP (issue 12)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # ---- end security
    "pow_portal",
    "plans",
    "review",
    "monitoring",
]

MIDDLEWARE = [
    "pow_portal.middleware.RequestIdMiddleware",  # security/logging (issue 12): first, so every log line has it
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # security (issue 12)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The A4 gauge's polls while a measure is pending: answered before the session, the user and the database
    # (a signed token bound to the session, and a cache mark; otherwise the full view answers). Issue 15.
    "plans.gauge.GaugePollMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pow_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ---- Security (issue 12): second factor, no-store for logged-in pages, denials logged, lockout
    "django_otp.middleware.OTPMiddleware",
    "pow_portal.middleware.SecondFactorRequiredMiddleware",
    "pow_portal.middleware.NoStoreForLoggedInMiddleware",
    "pow_portal.middleware.AccessDeniedLogMiddleware",
    # ---- end security
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # security (issue 12): last, turns a lockout into the Dutch page
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pow_portal.context_processors.portal",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (an autosave while a form is sent) wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# A kept connection is checked before a request reuses it: after a database restart the portal
# reconnects by itself instead of failing the first request on every worker thread.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# ------------------------------------------------------------------------------
# Cache and Celery
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# The portal never reads task results: there is no result backend to wait for or to fill.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without a broker the embedded default runs every task in-process, at once.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers keep their database connection between tasks, as the web workers do (CONN_MAX_AGE), checked before each
# task like a request (pow_portal.celery); Celery would otherwise reconnect for every task (a new PostgreSQL backend
# for each A4 measure). It still closes them after twice this many tasks.
CELERY_DB_REUSE_MAX = 500
CELERY_TASK_TIME_LIMIT = env.int("POW_TASK_TIME_LIMIT", default=5 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - max(5, CELERY_TASK_TIME_LIMIT // 5)
# A request never hangs on a dead broker: one quick connection attempt, then the outbox takes over.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    # A task of a killed worker runs again soon after its time limit, not after Celery's default hour.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + max(10, CELERY_TASK_TIME_LIMIT // 10),
}
CELERY_TASK_DEFAULT_QUEUE = env("POW_CELERY_QUEUE", default="celery")
# The A4 measure has a queue of its own, served by its own workers (`make worker-a4`): PDFs, dossiers and
# exports on the default queue never delay the gauge, and a flood of measures never delays them.
POW_MEASURE_QUEUE = env("POW_MEASURE_QUEUE", default=f"{CELERY_TASK_DEFAULT_QUEUE}-a4")
CELERY_TASK_ROUTES = {
    "plans.tasks.section_measure": {"queue": POW_MEASURE_QUEUE},
    "plans.tasks.sections_measure_pending": {"queue": POW_MEASURE_QUEUE},
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Amsterdam"
# Background jobs (pow_portal/jobs.py). A worker's claim lasts a little longer than the task time limit (progress
# extends it); a failure waits POW_JOB_BACKOFF seconds, doubling up to POW_JOB_BACKOFF_MAX, and after
# POW_JOB_MAX_ATTEMPTS attempts the job stays failed, with its reason, until someone tries again.
POW_JOB_LEASE = env.int("POW_JOB_LEASE", default=CELERY_TASK_TIME_LIMIT + 15)
POW_JOB_MAX_ATTEMPTS = env.int("POW_JOB_MAX_ATTEMPTS", default=5)
POW_JOB_BACKOFF = env.int("POW_JOB_BACKOFF", default=60)
POW_JOB_BACKOFF_MAX = env.int("POW_JOB_BACKOFF_MAX", default=60 * 60)
# Seconds before a waiting job that was offered but not taken is offered again (a message lost with its broker).
POW_OUTBOX_REDISPATCH_AFTER = env.int("POW_OUTBOX_REDISPATCH_AFTER", default=120)
POW_BEAT_INTERVAL = env.int("POW_BEAT_INTERVAL", default=60)
CELERY_BEAT_SCHEDULE = {
    "jobs-tick": {"task": "pow_portal.tasks.jobs_tick", "schedule": POW_BEAT_INTERVAL},
    # Reminders before deadlines: hourly is enough; each reminder is queued once whatever the interval.
    "monitoring-reminders": {
        "task": "monitoring.tasks.reminders_send",
        "schedule": env.int("POW_REMINDERS_INTERVAL", default=60 * 60),
    },
    "sections-measure-pending": {
        "task": "plans.tasks.sections_measure_pending",
        "schedule": 60,
    },
    # The money's invariants, checked once a day; the result shows on "Wacht op verwerking".
    "money-reconcile": {
        "task": "monitoring.tasks.reconcile_run",
        "schedule": env.int("POW_RECONCILE_INTERVAL", default=24 * 60 * 60),
    },
}
# The autosave's A4 gauge: measured by a worker after the text is saved, the page polling for it (True, the
# default with real workers: the autosave stays quick when measures queue up on deadline day), or in the request.
POW_GAUGE_IN_WORKER = env.bool("POW_GAUGE_IN_WORKER", default=not CELERY_TASK_ALWAYS_EAGER)
# A measure still missing this many seconds after its save is queued again by the gauge's poll (a lost task,
# a restarted worker); the poll itself never measures. The beat job catches whatever is older than a minute.
POW_GAUGE_REQUEUE_SECONDS = env.int("POW_GAUGE_REQUEUE_SECONDS", default=20)
# Payment lists longer than this are exported by a worker (progress shown, file kept); shorter ones at once.
POW_EXPORT_ASYNC_ROWS = env.int("POW_EXPORT_ASYNC_ROWS", default=500)

# Start page per role, provided by the app that owns the role's work.
POW_START_VIEWS = {
    "regio": "plans.views.start",
    "ondersteuningsteam": "review.views.start",
    "stuurgroep": "review.views.start",
    "ministerie": "review.views.start",
}

# Demo data of `make run` (load_demo), provided by the apps above the core.
# The 2019-2020 history is built first, while its round is the current one; then the demo round of today.
POW_DEMO_STEPS = ["monitoring.demo.load_history", "review.demo.load", "monitoring.demo.load_today"]

# ------------------------------------------------------------------------------
# Users, login and passwords
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "pow_portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---- Security: login lockout, second factor, idle timeout (issue 12) -------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out users before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "pow_portal.oidc.PortalOIDCBackend",  # sign-in through the organisation; inert unless configured below
]
# django-axes: POW_LOGIN_FAILURE_LIMIT wrong passwords for one account *from one address* lock that account at
# that address only (colleagues behind the same NAT still log in); the lock lasts POW_LOGIN_COOLOFF_MINUTES and
# doubles with each further failure after it, up to POW_LOGIN_COOLOFF_MAX_HOURS. Across accounts, an address is
# locked only after POW_LOGIN_ADDRESS_FAILURE_LIMIT failures within POW_LOGIN_ADDRESS_WINDOW_MINUTES (password
# spraying). The beheerder lifts either (Beheer → Inlogpogingen). The rule lives in pow_portal/security.py.
AXES_FAILURE_LIMIT = env.int("POW_LOGIN_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # together: this account at this address
AXES_HANDLER = "pow_portal.security.PortalAxesHandler"
POW_LOGIN_COOLOFF_MINUTES = env.float("POW_LOGIN_COOLOFF_MINUTES", default=5.0)  # 0 = only the beheerder unlocks
POW_LOGIN_COOLOFF_MAX_HOURS = env.float("POW_LOGIN_COOLOFF_MAX_HOURS", default=24.0)
POW_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("POW_LOGIN_ADDRESS_FAILURE_LIMIT", default=100)
POW_LOGIN_ADDRESS_WINDOW_MINUTES = env.int("POW_LOGIN_ADDRESS_WINDOW_MINUTES", default=60)
# Failures are remembered this long after the last one (so the doubling can count them); None: until unlocked.
AXES_COOLOFF_TIME = (
    datetime.timedelta(hours=max(POW_LOGIN_COOLOFF_MAX_HOURS, POW_LOGIN_ADDRESS_WINDOW_MINUTES / 60))
    if POW_LOGIN_COOLOFF_MINUTES
    else None
)
# A refused try during a lock neither counts nor lengthens it: only a wrong password after the lock ends does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pow_portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "pow_portal.security.client_ip"
AXES_CLIENT_STR_CALLABLE = "pow_portal.security.client_str"  # axes' own log lines: no username, no address
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # pow_portal.admin registers the attempts for the beheerder
AXES_USERNAME_FORM_FIELD = "username"
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries are trusted (0: REMOTE_ADDR).
POW_TRUSTED_PROXY_COUNT = env.int("POW_TRUSTED_PROXY_COUNT", default=0)

# Second factor (TOTP, django-otp): required for these roles; regions may turn it on themselves;
# POW_OTP_REQUIRED_FOR_ALL (production) requires it of everyone.
POW_OTP_REQUIRED_ROLES = ["ministerie", "beheerder", "ondersteuningsteam", "stuurgroep"]
POW_OTP_REQUIRED_FOR_ALL = env.bool("POW_OTP_REQUIRED_FOR_ALL", default=False)
OTP_TOTP_ISSUER = "Perspectief op Werk"
POW_RECOVERY_CODE_COUNT = 10
# Passkeys (WebAuthn) beside the app: the relying party id is the site's host name unless set (a parent domain
# lets one passkey serve sibling hosts); a user keeps at most this many.
POW_WEBAUTHN_RP_ID = env("POW_WEBAUTHN_RP_ID", default="")
POW_PASSKEYS_MAX = 10

# Sign-in through the user's organisation (OpenID Connect, mozilla-django-oidc; pow_portal/oidc.py). Off unless
# the provider's URL (its issuer) and a client id are set. Endpoints not given come from the provider's discovery
# document (<issuer>/.well-known/openid-configuration).
POW_OIDC_PROVIDER_URL = env("POW_OIDC_PROVIDER_URL", default="")
OIDC_RP_CLIENT_ID = env("POW_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("POW_OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("POW_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("POW_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("POW_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("POW_OIDC_JWKS_ENDPOINT", default="")
POW_OIDC_LOGOUT_ENDPOINT = env("POW_OIDC_LOGOUT_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("POW_OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("POW_OIDC_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's logout (id_token_hint)
OIDC_TIMEOUT = env.float("POW_OIDC_TIMEOUT", default=10.0)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# The claims that give the e-mail address and the groups (a dotted name reaches into nested claims).
POW_OIDC_EMAIL_CLAIM = env("POW_OIDC_EMAIL_CLAIM", default="email")
POW_OIDC_ROLES_CLAIM = env("POW_OIDC_ROLES_CLAIM", default="groups")
# Group → role, e.g. "szw-pow-beoordelaars=ministerie,pow-beheer=beheerder". Empty: the beheerder gives roles.
POW_OIDC_GROUP_ROLES = env.dict("POW_OIDC_GROUP_ROLES", default={})
# Link an existing account by its e-mail address on the first sign-in through the provider (after that only the
# provider's sub counts). Off by default: turn it on only for a provider that verifies addresses.
POW_OIDC_LINK_BY_EMAIL = env.bool("POW_OIDC_LINK_BY_EMAIL", default=False)
POW_OIDC_CREATE_USERS = env.bool("POW_OIDC_CREATE_USERS", default=True)
# The provider vouches for a second factor with one of these amr values or acr levels: the portal asks none.
POW_OIDC_MFA_AMR = env.list("POW_OIDC_MFA_AMR", default=["mfa", "otp", "hwk", "sc"])
POW_OIDC_MFA_ACR = env.list("POW_OIDC_MFA_ACR", default=[])

# Idle timeout: a session ends after POW_IDLE_TIMEOUT_MINUTES without a request. Every request (the
# editor's autosave too) renews it.
POW_IDLE_TIMEOUT_MINUTES = env.int("POW_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = POW_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# ---- end security login block

# ------------------------------------------------------------------------------
# Language and time
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static files and uploads
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/rhc", NODE_MODULES / "@rijkshuisstijl-community" / "components-css" / "dist"),
    ("vendor/rhc-tokens", NODE_MODULES / "@rijkshuisstijl-community" / "design-tokens" / "dist"),
    ("vendor/fira-sans", NODE_MODULES / "@fontsource" / "fira-sans"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/tinymce", NODE_MODULES / "tinymce"),
    ("vendor/tinymce-langs", NODE_MODULES / "tinymce-i18n" / "langs6"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded plan files are private: they live outside any public URL and are served by views that
# check the user may see the plan.
MEDIA_ROOT = env.path("POW_MEDIA_ROOT", default=BASE_DIR / "private-media")
POW_MAX_UPLOAD_BYTES = env.int("POW_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * POW_MAX_UPLOAD_BYTES
# ClamAV's clamd scans every upload when set: "tcp://host:3310" or "unix:///run/clamav/clamd.ctl". When it is
# set and clamd cannot be reached, uploads are refused (never accepted unscanned).
POW_CLAMD_ADDRESS = env("POW_CLAMD_ADDRESS", default="")
POW_CLAMD_TIMEOUT = env.float("POW_CLAMD_TIMEOUT", default=30.0)

# ------------------------------------------------------------------------------
# Forms
# ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"

# ------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Perspectief op Werk <noreply@pow.example.nl>")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
# Seconds before an SMTP connection gives up: a hanging mail server fails the mail job (tried again later), it
# never holds a worker for good.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)

# ------------------------------------------------------------------------------
# Security
# ------------------------------------------------------------------------------
CSRF_FAILURE_VIEW = "pow_portal.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# ---- Security: CSP and headers (issue 12) ----------------------------------------------------------
# No inline script and no eval anywhere (TinyMCE is self-hosted and runs without eval). Styles may be
# inline: TinyMCE and htmx set style attributes; styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'self'"],
    },
}
if POW_OIDC_PROVIDER_URL:
    # Logging out (a form post) ends at the provider's end-session page: browsers apply form-action to that redirect.
    from urllib.parse import urlsplit

    for _url in (POW_OIDC_PROVIDER_URL, POW_OIDC_LOGOUT_ENDPOINT):
        if _url:
            _origin = "{0.scheme}://{0.netloc}".format(urlsplit(_url))
            CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(_origin)
# Health details (checks and their errors) for callers that present this token; anonymous callers
# only learn up or down.
POW_HEALTH_TOKEN = env("POW_HEALTH_TOKEN", default="")
# Optional error tracking: sentry-sdk is initialised only when SENTRY_DSN is set (see production.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
# ---- end security headers block

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
# ---- Logging (issue 12): text here, JSON lines with a request id in production (pow_portal/logconfig.py)
from pow_portal.logconfig import logging_config  # noqa: E402

LOGGING = logging_config(fmt=env("POW_LOG_FORMAT", default="text"), level=env("DJANGO_LOG_LEVEL", default="INFO"))
