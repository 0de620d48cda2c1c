from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose another language with the language switch (cookie).

    The browser's Accept-Language is ignored on purpose: this is a Dutch government portal, and a
    civil servant with an English browser should still see Dutch until they switch.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request) -> str:
    """The language the user chose with the language switch (its cookie), else Dutch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


# ---- Security (issue 12): request id, second factor, no-store, denials ---------------------------------
import logging  # noqa: E402 - kept in this block so the security middleware merges as one piece
import re  # noqa: E402
import uuid  # noqa: E402

import structlog  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.shortcuts import redirect  # noqa: E402
from django.urls import Resolver404, resolve, reverse  # noqa: E402
from django.utils.cache import add_never_cache_headers, patch_cache_control  # noqa: E402
from django.utils.http import urlencode  # noqa: E402

from . import second_factor  # noqa: E402

logger = logging.getLogger(__name__)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (the proxy's X-Request-ID if it is sane), binds it to every log line of the
    request and returns it in the response, so a user's error report finds its log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


#: Pages a user with a password but without the second factor yet may open.
SECOND_FACTOR_EXEMPT = frozenset(
    {"login", "logout", "otp-verify", "otp-setup", "set_language", "health", "password_reset",
     "password_reset_done", "password_reset_confirm", "password_reset_complete", "oidc_authentication_init",
     "oidc_authentication_callback", "passkey-login-options", "passkey-login"}
)  # fmt: skip


class SecondFactorRequiredMiddleware:
    """Logged in with a password but not yet with the second factor: only the code page (or, without a
    device yet, the setup page) opens; background requests get 401 JSON so the editor keeps its text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and second_factor.needed_for_session(request):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in SECOND_FACTOR_EXEMPT:
                if request.headers.get("HX-Request") or "application/json" in request.headers.get("Accept", ""):
                    return JsonResponse({"error": "second_factor"}, status=401)
                target = "otp-verify" if second_factor.has_device(user) else "otp-setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class NoStoreForLoggedInMiddleware:
    """Nothing a logged-in user sees is kept by the browser or a proxy cache (back button on a shared PC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_logged_in = request.user.is_authenticated
        response = self.get_response(request)
        if was_logged_in or request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class AccessDeniedLogMiddleware:
    """Logs every refusal (403) with the user's id and role and the URL's name: no personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            match = getattr(request, "resolver_match", None)
            user = request.user
            logger.warning(
                "access denied",
                extra={
                    "event_type": "access_denied",
                    "user_id": user.pk if user.is_authenticated else None,
                    "role": getattr(user, "role", "") or "anonymous",
                    "url_name": match.view_name if match else "",
                    "method": request.method,
                },
            )
        return response
