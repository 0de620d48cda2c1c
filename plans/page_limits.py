"""The one A4 measure: how many printed A4 pages a section fills, in the exported plan's own layout.

A section is laid out with the very template, stylesheet and font of the plan PDF
(``plans/print/section_only.html`` + ``static/plans/print.css``, Fira Sans shipped by npm). The result
is a fraction: 1.4 means one full page and 40% of the next. In the plan PDF every section starts on a
new page, so ``ceil(measure)`` is exactly the number of pages the section has there. Forms, the live
gauge, the checklist, submission and review all call this module; the limits come from the round's
``SectionLimit`` rows.
"""

import hashlib
import logging
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cache

from django.contrib.staticfiles import finders
from django.core.cache import cache as shared_cache
from django.utils.translation import gettext as _

from pow_portal import pdf

from .models import SectionLimit
from .printing import render_section_html

logger = logging.getLogger(__name__)

HUNDREDTH = Decimal("0.01")
# Raise when the way a layout becomes a fraction changes: every stored and cached measure is then stale.
MEASURE_REVISION = "1"
CACHE_SECONDS = 30 * 24 * 60 * 60
PRINT_CSS = "plans/print.css"


def format_pages(value) -> str:
    """1.41 → "1,5": one decimal, rounded up so that any excess shows, with a Dutch decimal comma."""
    return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_CEILING)}".replace(".", ",")


def format_limit(value) -> str:
    """2 → "2", 1.5 → "1,5"."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else format_pages(value)


# The browser's print preview and this measure agree when they give the same page count and the filled height
# differs by at most this share of a page.
AGREEMENT_TOLERANCE = Decimal("0.02")


def agree(preview, exact) -> bool:
    """Whether the browser preview's figure (e.g. "1.42") agrees with the exact measure (the exact one decides)."""
    try:
        preview = Decimal(str(preview))
    except ArithmeticError:
        return False
    exact = Decimal(exact)
    same_pages = preview.to_integral_value(ROUND_CEILING) == exact.to_integral_value(ROUND_CEILING)
    return same_pages and abs(preview - exact) <= AGREEMENT_TOLERANCE


@dataclass(frozen=True)
class Verdict:
    """The one page-limit verdict of a section: pages used, the round's limit, over or not, excess, message.

    Every place that asks "is this section too long?" (form, gauge, checklist, proposals, submission)
    reads it here; ``pages > limit`` is written nowhere else.
    """

    key: str
    pages: Decimal
    limit: Decimal | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.pages > self.limit

    @property
    def excess(self) -> Decimal:
        return self.pages - self.limit if self.over else Decimal(0)

    @property
    def shown(self) -> str:
        return format_pages(self.pages)

    @property
    def limit_shown(self) -> str:
        return format_limit(self.limit) if self.limit is not None else ""

    @property
    def excess_shown(self) -> str:
        return format_pages(self.excess) if self.over else ""

    @property
    def percent(self) -> int:
        return min(100, int(self.pages / self.limit * 100)) if self.limit else 0

    @property
    def limit_label(self) -> str:
        """ "max 2 A4", from the round's data."""
        return _("max %(limit)s A4") % {"limit": self.limit_shown} if self.limit is not None else ""

    @property
    def message(self) -> str:
        """What the region must do, or "" when the section fits."""
        if not self.over:
            return ""
        return _("Dit onderdeel is %(used)s A4; het maximum is %(limit)s A4. Kort het %(excess)s A4 in.") % {
            "used": self.shown,
            "limit": self.limit_shown,
            "excess": self.excess_shown,
        }


def verdict(key: str, pages, limit) -> Verdict:
    return Verdict(key, Decimal(pages or 0), None if limit is None else Decimal(limit))


def verdicts(pages: dict, limits: dict) -> dict[str, Verdict]:
    """A verdict for every section the round limits."""
    return {key: verdict(key, pages.get(key, 0), limit) for key, limit in limits.items()}


@dataclass(frozen=True)
class Measure:
    """The A4 pages of one section's print HTML and the hash it belongs to (layout version + content)."""

    pages: Decimal
    digest: str


@cache
def layout_version() -> str:
    """Changes when the layout engine, the print stylesheet or the measure's own arithmetic changes.

    The templates' output is part of the content hash (the measured HTML itself), so it needs no place here.
    """
    with open(finders.find(PRINT_CSS), "rb") as css:
        stylesheet = hashlib.sha256(css.read()).hexdigest()
    return hashlib.sha256(f"{pdf.engine_version()}:{stylesheet}:{MEASURE_REVISION}".encode()).hexdigest()[:16]


def content_hash(html: str) -> str:
    """The key of a measure: the layout's version and the HTML's hash."""
    return f"{layout_version()}:{hashlib.sha256(html.encode()).hexdigest()}"


def _layout(html: str) -> Decimal:
    pages, fill = pdf.measure_pages(html)
    fraction = Decimal(str(fill)).quantize(HUNDREDTH, rounding=ROUND_FLOOR)
    # Never report a whole number for a page that has content: ceil(measure) must equal the page count.
    return Decimal(pages - 1) + max(fraction, HUNDREDTH)


def _cache_get(key: str):
    try:
        return shared_cache.get(key)
    except Exception:  # a cache outage must not stop the gauge: measure again
        logger.warning("gauge cache unavailable on read", exc_info=True)
        return None


def _cache_set(key: str, value: str):
    try:
        shared_cache.set(key, value, CACHE_SECONDS)
    except Exception:
        logger.warning("gauge cache unavailable on write", exc_info=True)


def measure_html_hashed(html: str) -> Measure:
    """Pages of ``html``, from the shared gauge cache (all processes) when this exact layout was measured."""
    digest = content_hash(html)
    key = f"a4:{digest}"
    cached = _cache_get(key)
    if cached is not None:
        return Measure(Decimal(cached), digest)
    pages = _layout(html)
    _cache_set(key, str(pages))
    return Measure(pages, digest)


def measure_html(html: str) -> Decimal:
    return measure_html_hashed(html).pages


def measure_section_hashed(snapshot: dict, key: str) -> Measure:
    """The section's pages; a measure stored in the snapshot is reused when its hash still matches."""
    html = render_section_html(snapshot, key)
    stored = snapshot["sections"].get(key) or {}
    if stored.get("pages_hash") and stored.get("pages") is not None and stored["pages_hash"] == content_hash(html):
        return Measure(Decimal(str(stored["pages"])), stored["pages_hash"])
    return measure_html_hashed(html)


def measure_section(snapshot: dict, key: str) -> Decimal:
    """A4 pages used by section ``key`` of ``snapshot`` (see plans.snapshot), e.g. Decimal("1.40")."""
    return measure_section_hashed(snapshot, key).pages


def section_limits(round) -> dict[str, Decimal]:
    """The round's limits per section key, in one query. Sections without a limit are absent."""
    return dict(SectionLimit.objects.filter(round=round).values_list("section", "max_pages"))


def limits_copy(*, source, target) -> int:
    """Give round ``target`` the page limits of round ``source`` (a new round, e.g. the demo's). Returns how many."""
    rows = [SectionLimit(round=target, section=key, max_pages=pages) for key, pages in section_limits(source).items()]
    SectionLimit.objects.bulk_create(rows)
    return len(rows)


def limit_for(round, key: str) -> Decimal | None:
    return SectionLimit.objects.filter(round=round, section=key).values_list("max_pages", flat=True).first()


def measure_limited(snapshot: dict, round) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(pages, limits) for every section the round limits."""
    limits = section_limits(round)
    return {key: measure_section(snapshot, key) for key in limits}, limits


def measure_verdicts(snapshot: dict, round) -> dict[str, Verdict]:
    """Measure every limited section of ``snapshot`` anew and judge it against the round's limit."""
    return verdicts(*measure_limited(snapshot, round))
