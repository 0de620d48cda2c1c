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
from functools import lru_cache

from django.utils.translation import gettext as _

from pow_portal.pdf import html_to_document

from .models import SectionLimit
from .printing import render_section_html

logger = logging.getLogger(__name__)

HUNDREDTH = Decimal("0.01")


def format_pages(value) -> str:
    """1.41 → "1,5": one decimal, rounded up so that any excess shows, with a Dutch decimal comma."""
    return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_CEILING)}".replace(".", ",")


def format_limit(value) -> str:
    """2 → "2", 1.5 → "1,5"."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else format_pages(value)


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


def _last_page_fill(page) -> float:
    """How far down the content area the content of ``page`` reaches, from 0 to 1."""
    from weasyprint.formatting_structure import boxes  # the layout tree, read only

    page_box = page._page_box
    top = page_box.content_box_y()
    height = page_box.height
    bottom = top
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):  # page numbers and running headers are not content
            continue
        for box in child.descendants():
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableCellBox):
                bottom = max(bottom, box.position_y + box.margin_height())
    return max(0.0, min(1.0, (bottom - top) / height)) if height else 0.0


@lru_cache(maxsize=512)
def _measure_html(digest: str, html: str) -> Decimal:
    document = html_to_document(html)
    whole = len(document.pages) - 1
    fill = Decimal(str(_last_page_fill(document.pages[-1]))).quantize(HUNDREDTH, rounding=ROUND_FLOOR)
    # Never report a whole number for a page that has content: ceil(measure) must equal the page count.
    return Decimal(whole) + max(fill, HUNDREDTH)


def measure_html(html: str) -> Decimal:
    return _measure_html(hashlib.sha256(html.encode()).hexdigest(), html)


def measure_section(snapshot: dict, key: str) -> Decimal:
    """A4 pages used by section ``key`` of ``snapshot`` (see plans.snapshot), e.g. Decimal("1.40")."""
    return measure_html(render_section_html(snapshot, key))


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
