"""One way to tell a user a step was refused: a Dutch message on the page and a log line (ids and codes only)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)


def show_refusal(request, error: Exception) -> None:
    """Show the refusal's message(s) and log who was refused where, with the error code."""
    if isinstance(error, ValidationError):
        text, code = " ".join(error.messages), getattr(error, "code", None) or "invalid"
    else:
        text, code = str(error), type(error).__name__
    logger.info("refused: %s %s by user %s (%s)", request.method, request.path, request.user.pk, code)
    messages.error(request, text)
