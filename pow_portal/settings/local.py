"""Settings for a developer's machine: ``make run``."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key-not-for-production")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
