"""The one A4 measure: how many printed A4 pages a section fills, in the exported plan's own layout.

A section is laid out with the very template, stylesheet and font of the plan PDF
(``plans/print/section_only.html`` + ``static/plans/print.css``, Fira Sans shipped by npm). The result
is a fraction: 1.4 means one full page and 40% of the next. In the plan PDF every section starts on a
new page, so ``ceil(measure)`` is exactly the number of pages the section has there. Forms, the live
gauge, the checklist, submission and review all call this module; the limits come from the round's
``SectionLimit`` rows.
"""

import hashlib
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from pow_portal.pdf import html_to_document

from .models import SectionLimit
from .printing import render_section_html

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class OverLimit:
    key: str
    pages: Decimal
    limit: Decimal

    @property
    def excess(self) -> Decimal:
        return self.pages - self.limit


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


def limit_for(round, key: str) -> Decimal | None:
    return SectionLimit.objects.filter(round=round, section=key).values_list("max_pages", flat=True).first()


def measure_limited(snapshot: dict, round) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(pages, limits) for every section the round limits."""
    limits = section_limits(round)
    return {key: measure_section(snapshot, key) for key in limits}, limits


def over_limit(snapshot: dict, round) -> list[OverLimit]:
    """The limited sections of ``snapshot`` that are longer than the round allows."""
    pages, limits = measure_limited(snapshot, round)
    return [OverLimit(key, pages[key], limit) for key, limit in limits.items() if pages[key] > limit]
