"""Logging: plain text on a developer's machine, JSON lines in production (structlog).

Every line of a request carries its ``request_id`` (pow_portal.middleware.RequestIdMiddleware) and the
``extra`` fields the code logs (``event_type``, ``user_id``, ``role``, ...). Messages name ids and roles,
never names, usernames, e-mail addresses or IP addresses.
"""

import structlog

SHARED_PROCESSORS = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def json_formatter():
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        foreign_pre_chain=SHARED_PROCESSORS,
    )


def logging_config(*, fmt: str = "text", level: str = "INFO") -> dict:
    """The LOGGING setting: ``fmt`` is "json" (production) or "text"."""
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatters = {"json": {"()": json_formatter}, "text": {"format": "%(levelname)s %(name)s %(message)s"}}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "WARNING"},
            "weasyprint.progress": {"level": "WARNING", "propagate": False},
            "fontTools": {"level": "WARNING"},
            # django-axes' own lines repeat ours (pow_portal.security) with less care for personal data.
            "axes": {"level": "WARNING"},
        },
    }
