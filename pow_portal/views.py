import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .constants import Role
from .health import run_checks
from .permissions import has_role

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


@never_cache
@require_GET
def health(request):
    result = run_checks()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


def csrf_failure(request, reason=""):
    """A stale or forged form post: nothing changed. Background requests get JSON, people a Dutch page."""
    if request.headers.get("HX-Request"):
        return JsonResponse({"error": "csrf"}, status=403)
    return render(request, "403_csrf.html", status=403)
