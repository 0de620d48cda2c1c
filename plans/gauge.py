"""The A4 gauge beside the section editor, and its polls while the exact measure is on its way.

One place for the gauge: the section editor, the autosave's answer and the poll all render ``Gauge``.

While a section's measure is pending, the page polls (htmx: the first poll after 300 ms, each answer saying when to
ask again, backing off to 3 s). On deadline day those polls outnumber every other request. A poll that can only
answer "still pending" is therefore answered by ``GaugePollMiddleware`` before the session, the user and the
database are touched: one signature check and one cache read. It answers only when all of these hold, and lets the
request through to the full view (``plans.views.section_gauge``: login, permission, the stored row) otherwise:

- the poll carries a token signed for this section, this saved version and this browser's session, issued by the
  full view or the autosave less than ``POW_GAUGE_REQUEUE_SECONDS`` ago (after that the full view checks whether
  the measure must be queued again, and issues a new token);
- the cache says this very version is still being measured (``services`` writes that mark after the save's commit
  and deletes it when the measure is stored; a stale mark lives at most as long as the token).

The quick answer holds nothing the user's page did not show already (the previous measure, the limit).
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from pow_portal.middleware import chosen_language

from . import page_limits

logger = logging.getLogger(__name__)

POLL_FIRST_MS = 300
POLL_GROWTH = 1.2
POLL_MAX_MS = 3000
_SALT = "plans.gauge.poll"


def pending_key(section_id: int) -> str:
    """The cache mark of a section whose saved text is still being measured: [version, plan, section, pages, limit]."""
    return f"a4:gauge:{section_id}"


class Gauge:
    """The gauge of a section: the page-limit verdict of its stored measure; ``pending`` while the measure of
    this very text is on its way, polled again at ``poll_url`` after ``poll_ms`` (the ``poll``-th time)."""

    def __init__(self, *, plan_id, section_id, key, version, pages, limit, pending, poll=0, token=""):
        self.verdict = page_limits.verdict(key, pages, limit)
        self.pending = pending
        self.version = version
        self.poll = poll + 1
        self.poll_ms = min(POLL_MAX_MS, int(POLL_FIRST_MS * POLL_GROWTH**poll))
        url = reverse("plans:section-gauge", args=[plan_id, key])
        self.poll_url = f"{url}?poll={self.poll}&t={token}" if token else f"{url}?poll={self.poll}"

    def __getattr__(self, name):
        return getattr(self.verdict, name)


def gauge_for(request, row, limit, *, poll: int = 0) -> Gauge | None:
    """The gauge of a stored section row (None for a section without a limit)."""
    if limit is None:
        return None
    pending = row.version > 0 and not row.pages_hash
    token = _token(request, row.pk, row.version) if pending else ""
    return Gauge(plan_id=row.plan_id, section_id=row.pk, key=row.section, version=row.version, pages=row.pages,
                 limit=limit, pending=pending, poll=poll, token=token)  # fmt: skip


def _session_tag(session_key: str) -> str:
    return hashlib.sha256(f"{_SALT}:{session_key}".encode()).hexdigest()[:32]


def _token(request, section_id: int, version: int) -> str:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not session_key:
        return ""
    return signing.dumps([section_id, version, _session_tag(session_key)], salt=_SALT, compress=False)


def poll_number(request) -> int:
    poll = request.GET.get("poll", "")
    return min(int(poll), 50) if poll.isdigit() else 0


class GaugePollMiddleware:
    """Answers a gauge poll whose measure is still pending without session, user or database (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and "t" in request.GET and request.path_info.endswith("/a4/"):
            answer = self.pending_answer(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    @staticmethod
    def pending_answer(request) -> HttpResponse | None:
        try:
            section_id, version, tag = signing.loads(
                request.GET["t"], salt=_SALT, max_age=settings.POW_GAUGE_REQUEUE_SECONDS
            )
        except signing.SignatureExpired:
            return None  # older than the requeue time: the full view checks the measure is still on its way
        except (signing.BadSignature, ValueError, TypeError):
            logger.info("gauge poll with a forged token on %s: left to the full view", request.path_info)
            return None
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        if not session_key or not hmac.compare_digest(str(tag), _session_tag(session_key)):
            logger.info("gauge poll token of another session on %s: left to the full view", request.path_info)
            return None
        try:
            from django.core.cache import cache

            mark = cache.get(pending_key(section_id))
        except Exception:
            logger.warning("gauge cache unavailable: poll of section %s goes to the full view", section_id)
            return None
        if not mark or mark[0] != version:
            return None  # measured, or a newer text saved: the full view shows it
        _version, plan_id, key, pages, limit = mark
        if request.path_info != reverse("plans:section-gauge", args=[plan_id, key]):
            return None
        gauge = Gauge(plan_id=plan_id, section_id=section_id, key=key, version=version, pages=pages, limit=limit,
                      pending=True, poll=poll_number(request), token=request.GET["t"])  # fmt: skip
        with translation.override(chosen_language(request)):
            response = HttpResponse(render_to_string("plans/includes/gauge.html", {"gauge": gauge}))
            response["Content-Language"] = translation.get_language()
        add_never_cache_headers(response)
        patch_vary_headers(response, ["Cookie"])
        response["X-Frame-Options"] = "DENY"
        return response
