"""Login security: the lockout (django-axes) hooks and the security log lines of logins.

Log lines carry ids and roles, never names, e-mail addresses, usernames or IP addresses: an address
is logged as a short keyed hash, enough to see that failures come from one place.
"""

import hashlib
import hmac
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or behind POW_TRUSTED_PROXY_COUNT proxies the address they saw."""
    proxies = settings.POW_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_ref(address: str) -> str:
    """A pseudonym of an address for the logs (keyed hash, not reversible without the secret key)."""
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:12]


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes in its own log lines: no username and no address."""
    return f"address {address_ref(ip_address or '')} path {path_info}"


def lockout_response(request, original_response=None, credentials=None):
    """The Dutch page for a locked-out login (HTTP 429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff * 60) if cooloff else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def _user_ref(user):
    return {"user_id": user.pk, "role": getattr(user, "role", "")}


@receiver(user_logged_in, dispatch_uid="pow_log_login")
def log_login(sender, request, user, **kwargs):
    from .second_factor import SESSION_NEEDED_KEY

    # Whether this user needs the second factor is decided afresh at every login (role or device may change).
    if hasattr(request, "session"):
        request.session.pop(SESSION_NEEDED_KEY, None)
    logger.info("login succeeded", extra={"event_type": "login", **_user_ref(user)})


@receiver(user_logged_out, dispatch_uid="pow_log_logout")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        logger.info("logout", extra={"event_type": "logout", **_user_ref(user)})


@receiver(user_login_failed, dispatch_uid="pow_log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    from .models import User

    username = (credentials or {}).get("username") or ""
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first() if username else None
    address = address_ref(client_ip(request)) if request is not None else ""
    logger.warning("login failed", extra={"event_type": "login_failed", "user_id": user_id, "address_ref": address})


@receiver(user_locked_out, dispatch_uid="pow_log_locked_out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    from .models import User

    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first() if username else None
    logger.warning(
        "login locked out",
        extra={"event_type": "lockout", "user_id": user_id, "address_ref": address_ref(ip_address or "")},
    )
