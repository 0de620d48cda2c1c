"""pow_portal: the portal of the Perspectief op Werk programme (SZW, 2019-2020).

The core every app stands on: users and roles, the 35 arbeidsmarktregio's, the programme round,
notifications, the Celery app and the one door to PDF rendering.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
