import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import jobs, passkeys, second_factor, selectors
from .constants import Role
from .forms import AuditFilterForm, SecondFactorForm, SecondFactorSetupForm
from .health import run_checks
from .models import Job, Passkey
from .permissions import has_role, roles_required

logger = logging.getLogger(__name__)


@login_required
def home(request):
    """The start page of the user's role. Apps provide theirs through settings.POW_START_VIEWS, so the core
    imports no app (imports run monitoring → review → plans → pow_portal)."""
    app_view = settings.POW_START_VIEWS.get(request.user.role)
    if app_view:
        return import_string(app_view)(request)
    if has_role(request.user, Role.BEHEERDER):
        context = {
            "user_counts": selectors.user_counts_by_role(),
            "regions": selectors.region_list_with_user_counts(),
        }
        return render(request, "pow_portal/start_beheerder.html", context)
    return render(request, "pow_portal/start_no_role.html")


def _may_see_health_details(request) -> bool:
    """The beheerder (logged in, second factor passed) or a monitoring system with POW_HEALTH_TOKEN."""
    token = settings.POW_HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and constant_time_compare(given, token):
        return True
    user = request.user
    return user.is_authenticated and has_role(user, Role.BEHEERDER) and user.is_verified()


@never_cache
@require_GET
def health(request):
    """Up or down for anyone; which check failed and why only for the beheerder or with the token."""
    result = run_checks()
    status = 200 if result["status"] == "ok" else 503
    if not _may_see_health_details(request):
        result = {"status": result["status"]}
    return JsonResponse(result, status=status)


def csrf_failure(request, reason=""):
    """A stale or forged form post: nothing changed. Background requests get JSON, people a Dutch page."""
    if request.headers.get("HX-Request"):
        return JsonResponse({"error": "csrf"}, status=403)
    return render(request, "403_csrf.html", status=403)


# ---- Security (issue 12): the second factor's pages -------------------------------------------------


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(default)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Step two of logging in: the code from the authenticator app (or a recovery code)."""
    if request.user.is_verified():
        return redirect(_safe_next(request))
    if not second_factor.has_device(request.user):
        return redirect(f"{reverse('otp-setup')}?{urlencode({'next': _safe_next(request)})}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.verify(request=request, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            return redirect(_safe_next(request))
    context = {
        "form": form,
        "next": _safe_next(request),
        "has_passkeys": Passkey.objects.filter(user=request.user).exists(),
    }
    return render(request, "registration/otp_verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Set up the authenticator app: the secret as text and as an otpauth URI, confirmed by one code; then
    the recovery codes, shown once. A user who already has a device must first log in with it."""
    user = request.user
    has_device = second_factor.has_device(user)
    if has_device and not user.is_verified():
        return redirect(f"{reverse('otp-verify')}?{urlencode({'next': _safe_next(request)})}")
    if has_device:
        codes = None
        if request.method == "POST" and request.POST.get("action") == "recovery-codes":
            codes = second_factor.recovery_codes_create(user=user)
            logger.info("recovery codes renewed", extra={"event_type": "otp_recovery_renewed", "user_id": user.pk})
        return render(request, "registration/otp_status.html", {"codes": codes, **_passkey_context(user)})
    device = second_factor.totp_device_start(user=user)
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.totp_device_confirm(request=request, device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            return render(
                request,
                "registration/otp_status.html",
                {"codes": codes, "just_set_up": True, "next": _safe_next(request)},
            )
    context = {
        "form": form,
        "secret": second_factor.secret_base32(device),
        "otpauth_uri": device.config_url,
        "required": second_factor.required_by_role(user),
        "next": _safe_next(request),
    }
    return render(request, "registration/otp_setup.html", context)


# ---- Passkeys: added, named and removed on the second-factor page; used on the code page ----------------


def _passkey_context(user, **extra):
    return {"passkeys": Passkey.objects.filter(user=user), "passkey_name_max": passkeys.NAME_MAX, **extra}


def _verified_required(view):
    """A user with a second factor manages passkeys only after passing it (a stolen password adds none); one
    without any may add a passkey as their first, as they may set up the app."""

    @login_required
    @require_POST
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified() and second_factor.has_device(request.user):
            logger.warning(
                "passkey change refused", extra={"event_type": "passkey_refused", "user_id": request.user.pk}
            )
            return JsonResponse({"error": "second_factor"}, status=401)
        return view(request, *args, **kwargs)

    return wrapper


def _json_error(error: ValidationError, status=400):
    return JsonResponse({"error": " ".join(str(message) for message in error.messages)}, status=status)


@_verified_required
def passkey_register_options(request):
    try:
        options = passkeys.registration_options(request)
    except ValidationError as error:
        return _json_error(error)
    return HttpResponse(options, content_type="application/json")


@_verified_required
def passkey_register(request):
    data = passkeys.parse_body(request)
    try:
        passkeys.register(request=request, name=data.get("name", ""), credential=data.get("credential") or {})
    except ValidationError as error:
        return _json_error(error)
    messages.success(request, _("De passkey is toegevoegd."))
    return JsonResponse({"redirect": reverse("otp-setup")})


@_verified_required
def passkey_rename(request, pk):
    try:
        passkeys.rename(user=request.user, passkey_id=pk, name=request.POST.get("name", ""))
    except Passkey.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        context = _passkey_context(request.user, rename_error=error.messages[0], rename_id=pk)
        return render(request, "registration/otp_status.html", context, status=400)
    messages.success(request, _("De naam van de passkey is opgeslagen."))
    return redirect("otp-setup")


@_verified_required
def passkey_remove(request, pk):
    try:
        passkeys.remove(user=request.user, passkey_id=pk)
    except Passkey.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("De passkey is verwijderd."))
    return redirect("otp-setup")


@login_required
@require_POST
def passkey_login_options(request):
    return HttpResponse(passkeys.authentication_options(request), content_type="application/json")


@login_required
@require_POST
def passkey_login(request):
    try:
        passkeys.authenticate(request=request, credential=passkeys.parse_body(request).get("credential") or {})
    except ValidationError as error:
        return _json_error(error)
    return JsonResponse({"redirect": _safe_next(request)})


# ---- Audit trail (issue 12) ---------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50


@roles_required(Role.MINISTERIE, Role.BEHEERDER)
@require_GET
def audit_list(request):
    """The audit trail for the ministry: who did what, when, to which object; filtered and paged."""
    form = AuditFilterForm(request.GET or None, choices=selectors.audit_filter_choices())
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "action": data["actie"],
            "object_type": data["soort"],
            "role": data["rol"],
            "since": data["van"],
            "until": data["tot"],
            "beheer_only": data["beheer"],
        }
    page = Paginator(selectors.audit_event_list(**filters), AUDIT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "pow_portal/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


@roles_required(Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM, Role.BEHEERDER)
@require_GET
def jobs_pending(request):
    """Background work that failed (with its reason and a retry button) or still waits: the beheerder's
    "Wacht op verwerking" (the ministry's and support team's page adds the payments that wait)."""
    return render(request, "pow_portal/jobs.html", {"jobs": selectors.jobs_unfinished()})


@roles_required(Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM, Role.BEHEERDER)
@require_POST
def job_retry(request, pk):
    """Try a failed background job again ("Opnieuw proberen" on Wacht op verwerking); audited by the service."""
    job = get_object_or_404(Job, pk=pk)
    if jobs.job_retry(job=job, by=request.user):
        messages.success(request, _("De verwerking wordt opnieuw geprobeerd."))
    else:
        messages.error(request, _("Deze verwerking is niet mislukt; er is niets opnieuw geprobeerd."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = resolve_url("home")
    return redirect(target)
