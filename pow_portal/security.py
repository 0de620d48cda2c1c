"""Login security: the lockout (django-axes) hooks and the security log lines of logins.

Log lines carry ids and roles, never names, e-mail addresses, usernames or IP addresses: an address
is logged as a short keyed hash, enough to see that failures come from one place.
"""

import datetime
import hashlib
import hmac
import logging
import math
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

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


# ---- The lockout rule: this account at this address, and an address across accounts -----------------


@dataclass(frozen=True)
class Lock:
    kind: str  # "account": this username at this address; "address": every account at this address
    until: datetime.datetime | None  # None: until the beheerder unlocks


def account_cooloff(failures: int) -> datetime.timedelta | None:
    """How long the account stays locked at an address after ``failures`` wrong passwords there (at least the
    limit): the base time, doubled for each failure after the lock, up to the maximum; None: no end."""
    base = settings.POW_LOGIN_COOLOFF_MINUTES
    if not base:
        return None
    extra = failures - settings.AXES_FAILURE_LIMIT
    minutes = min(base * 2 ** min(extra, 32), settings.POW_LOGIN_COOLOFF_MAX_HOURS * 60)
    return datetime.timedelta(minutes=minutes)


def current_lock(username: str | None, address: str, now: datetime.datetime | None = None) -> Lock | None:
    """The lock on ``username`` at ``address`` now, if any. The one place the lockout is decided."""
    now = now or timezone.now()
    if username:
        mine = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        failures = mine["failures"] or 0
        if failures >= settings.AXES_FAILURE_LIMIT:
            cooloff = account_cooloff(failures)
            if cooloff is None or now < mine["last"] + cooloff:
                return Lock("account", mine["last"] + cooloff if cooloff else None)
    window = datetime.timedelta(minutes=settings.POW_LOGIN_ADDRESS_WINDOW_MINUTES)
    spread = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=now - window).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (spread["failures"] or 0) >= settings.POW_LOGIN_ADDRESS_FAILURE_LIMIT:
        return Lock("address", spread["last"] + window)
    return None


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler with the portal's rule (``current_lock``) instead of one limit for all."""

    def is_locked(self, request, credentials=None) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        return current_lock(get_client_username(request, credentials), request.axes_ip_address) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        # The failure that reaches the address-wide limit locks at once, as the account's tenth does.
        if current_lock(get_client_username(request, credentials), request.axes_ip_address) is not None:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=None, ip_address=request.axes_ip_address)


def lockout_response(request, original_response=None, credentials=None):
    """The Dutch page for a locked-out login (HTTP 429): which lock, and until when."""
    username = get_client_username(request, credentials)
    lock = current_lock(username, getattr(request, "axes_ip_address", None) or client_ip(request))
    minutes = None
    if lock is not None and lock.until is not None:
        minutes = max(1, math.ceil((lock.until - timezone.now()).total_seconds() / 60))
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_failure_limit": settings.POW_LOGIN_ADDRESS_FAILURE_LIMIT,
        "address_lock": lock is not None and lock.kind == "address",
        "cooloff_minutes": minutes,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response


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
