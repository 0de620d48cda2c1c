"""Sign-in through the user's organisation (OpenID Connect, mozilla-django-oidc).

Configured only by environment variables (settings ``POW_OIDC_*``); with no provider configured the views answer
404 and the login page offers only the password. A user is found by the provider's ``sub`` (an ``OIDCIdentity``
linked to the user); the e-mail address links an existing account only on first sign-in and only when the
beheerder allows it (``POW_OIDC_LINK_BY_EMAIL``). Roles come from a group claim through ``POW_OIDC_GROUP_ROLES``,
or stay with the beheerder when no mapping is set. When the provider vouches for a second factor (``amr`` or
``acr``), the identity itself is the session's verified device; otherwise the portal asks its own second factor.
"""

import functools
import logging
from urllib.parse import urlencode

import django_otp
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import LogoutView
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .constants import Role
from .models import OIDCIdentity, User
from .permissions import has_role
from .services import audit_log

logger = logging.getLogger(__name__)

#: mozilla-django-oidc's endpoint settings and the discovery document's names for them.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "POW_OIDC_LOGOUT_ENDPOINT": "end_session_endpoint",
}
SESSION_ID_TOKEN = "oidc_id_token"  # noqa: S105 - a session key name (mozilla-django-oidc, OIDC_STORE_ID_TOKEN)


def configured() -> bool:
    return bool(settings.POW_OIDC_PROVIDER_URL and settings.OIDC_RP_CLIENT_ID)


@functools.lru_cache(maxsize=8)
def _discovery(provider_url: str) -> dict:
    url = provider_url.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    return response.json()


def setting(name, *default):
    """A mozilla-django-oidc setting; an endpoint not set explicitly comes from the provider's discovery document."""
    value = getattr(settings, name, None)
    if value or name not in _DISCOVERED:
        return import_from_settings(name, *default)
    return _discovery(settings.POW_OIDC_PROVIDER_URL).get(_DISCOVERED[name]) or (default[0] if default else None)


def _require_configured():
    if not configured():
        logger.info("sso refused: not configured", extra={"event_type": "sso_refused", "reason": "not_configured"})
        raise Http404


def _claim(claims: dict, name: str):
    """A claim by name; a dotted name reaches into nested claims (e.g. ``realm_access.roles``)."""
    value = claims
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def role_from_claims(claims: dict) -> str | None:
    """The role the group claim maps to (first match in the mapping's order), "" for none, None: no mapping."""
    mapping = settings.POW_OIDC_GROUP_ROLES
    if not mapping:
        return None
    groups = _claim(claims, settings.POW_OIDC_ROLES_CLAIM) or []
    if isinstance(groups, str):
        groups = groups.split()
    for group, role in mapping.items():
        if group in groups:
            return role
    return ""


def provider_vouches_for_second_factor(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(settings.POW_OIDC_MFA_AMR)) or claims.get("acr") in settings.POW_OIDC_MFA_ACR


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Finds the user by (issuer, sub), links by e-mail only once and only if allowed, sets roles from groups.

    Always listed in AUTHENTICATION_BACKENDS; without a configured provider it authenticates nobody."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # The provider's settings (and its discovery document) are read only for a callback: a password login
        # never waits for, or fails on, the provider.
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        if not configured() or request is None or "code" not in request.GET or "state" not in request.GET:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc leaves the audience and issuer unchecked: a token for another client is refused.
        audience = payload.get("aud")
        audience = [audience] if isinstance(audience, str) else audience or []
        if self.OIDC_RP_CLIENT_ID not in audience:
            raise SuspiciousOperation("id_token audience mismatch")
        if payload.get("iss", "").rstrip("/") != settings.POW_OIDC_PROVIDER_URL.rstrip("/"):
            raise SuspiciousOperation("id_token issuer mismatch")
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo sub differs from the id_token")
        claims = {**userinfo, **{k: payload[k] for k in ("amr", "acr", "iss", "sub") if k in payload}}
        with transaction.atomic():
            identity = self._identity(claims)
            if identity is None:
                return None
            user = identity.user
            self._apply_role(user, claims)
        if not user.is_active:
            logger.info("sso refused: inactive", extra={"event_type": "sso_refused", "user_id": user.pk})
            return None
        user.pow_oidc_identity = identity
        user.pow_oidc_second_factor = provider_vouches_for_second_factor(claims)
        return user

    def _identity(self, claims) -> OIDCIdentity | None:
        issuer, sub = claims["iss"], claims["sub"]
        identity = OIDCIdentity.objects.select_related("user").filter(issuer=issuer, sub=sub).first()
        if identity is not None:
            return identity
        email = (_claim(claims, settings.POW_OIDC_EMAIL_CLAIM) or "").strip()
        user = None
        if settings.POW_OIDC_LINK_BY_EMAIL and email and claims.get("email_verified", True) is not False:
            candidates = list(User.objects.filter(email__iexact=email).exclude(oidcidentity__issuer=issuer)[:2])
            if len(candidates) == 1:
                user = candidates[0]
        if user is not None:
            logger.info("sso linked by e-mail", extra={"event_type": "sso_linked_by_email", "user_id": user.pk})
        else:
            if email and User.objects.filter(email__iexact=email).exists():
                # An account with this address exists but may not be linked by it: a second account for the same
                # person would split their work. The beheerder links it (or allows linking by e-mail).
                logger.info("sso refused: e-mail taken", extra={"event_type": "sso_refused", "reason": "email_taken"})
                return None
            if not settings.POW_OIDC_CREATE_USERS:
                logger.info("sso refused: unknown user", extra={"event_type": "sso_refused", "reason": "unknown"})
                return None
            user = User.objects.create_user(
                username=self._free_username(claims, email),
                email=email,
                first_name=(claims.get("given_name") or "")[:150],
                last_name=(claims.get("family_name") or "")[:150],
            )
            audit_log(actor=None, action="sso_user_created", obj=user, data={"issuer": issuer})
        identity = OIDCIdentity.objects.create(user=user, issuer=issuer, sub=sub, name=OIDCIdentity.DEVICE_NAME)
        audit_log(actor=None, action="sso_linked", obj=user, data={"issuer": issuer})
        logger.info("sso identity linked", extra={"event_type": "sso_linked", "user_id": user.pk})
        return identity

    @staticmethod
    def _free_username(claims, email) -> str:
        base = (claims.get("preferred_username") or email.split("@")[0] or "sso").strip()[:120] or "sso"
        username = base
        while User.objects.filter(username=username).exists():
            username = f"{base}-{get_random_string(4).lower()}"
        return username

    @staticmethod
    def _apply_role(user, claims):
        role = role_from_claims(claims)
        if role is None or has_role(user, role, Role.REGIO):
            # No mapping: the beheerder gives roles. A region's user keeps the region the beheerder set.
            return
        previous = user.role
        user.role = role
        user.region = None
        user.save()
        audit_log(actor=None, action="sso_role_set", obj=user, data={"from": previous, "to": role})


class _RequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(setting)


def authenticate_view(request):
    """ "Inloggen via uw organisatie": to the provider, with a fresh state and nonce in the session."""
    _require_configured()
    try:
        return _RequestView.as_view()(request)
    except requests.RequestException:
        logger.warning("sso refused: provider unreachable", extra={"event_type": "sso_refused", "reason": "provider"})
        return render(request, "registration/sso_failed.html", status=503)


class _CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(setting)

    def login_failure(self):
        logger.warning("sso login failed", extra={"event_type": "sso_failed"})
        return render(self.request, "registration/sso_failed.html", status=403)

    def login_success(self):
        response = super().login_success()
        if getattr(self.user, "pow_oidc_second_factor", False):
            # The provider checked a second factor: the identity is this session's verified device.
            django_otp.login(self.request, self.user.pow_oidc_identity)
            from .second_factor import SESSION_NEEDED_KEY

            self.request.session[SESSION_NEEDED_KEY] = True
        logger.info(
            "sso login",
            extra={
                "event_type": "sso_login",
                "user_id": self.user.pk,
                "provider_second_factor": bool(getattr(self.user, "pow_oidc_second_factor", False)),
            },
        )
        return response


def callback_view(request):
    """The provider sends the browser back here with a code; state and nonce are used once."""
    _require_configured()
    try:
        return _CallbackView.as_view()(request)
    except (SuspiciousOperation, requests.RequestException) as error:
        # A replayed or forged state, nonce or token, or an unreachable provider: nobody is logged in.
        if request.user.is_authenticated:
            auth.logout(request)
        logger.warning("sso login refused", extra={"event_type": "sso_refused", "reason": type(error).__name__})
        return render(request, "registration/sso_failed.html", status=400)


def provider_logout_url(request) -> str | None:
    """The provider's end-session address for this session, or None (a password session, or no endpoint)."""
    id_token = request.session.get(SESSION_ID_TOKEN)
    endpoint = setting("POW_OIDC_LOGOUT_ENDPOINT", None) if id_token and configured() else None
    if not endpoint:
        return None
    query = {"id_token_hint": id_token, "post_logout_redirect_uri": absolutify(request, reverse("login"))}
    return f"{endpoint}?{urlencode(query)}"


class PortalLogoutView(LogoutView):
    """Logging out of a session that came through the provider also ends the provider's session."""

    def post(self, request, *args, **kwargs):
        try:
            provider_url = provider_logout_url(request)
        except requests.RequestException:
            provider_url = None
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response
