"""Speed of the A4 measure and the plan PDF, beside a bare WeasyPrint render of the same HTML.

Prints medians over several runs and the ratio ours/bare. Needs no database: snapshots are built in memory.
Run: make bench  (or: DJANGO_SETTINGS_MODULE=pow_portal.settings.local .venv/bin/python bench/a4_measure.py)
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from plans import page_limits  # noqa: E402
from plans.constants import Section  # noqa: E402
from plans.printing import render_plan_html, render_section_html  # noqa: E402
from pow_portal.pdf import _fetcher_class, html_to_document  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
PARAGRAPH = (
    "<p>Werkgevers in de regio zoeken mensen voor zorg, techniek en logistiek. Samen met UWV, gemeenten en "
    "onderwijs brengen wij werkzoekenden en werkplekken bij elkaar, met begeleiding op maat.</p>"
)


def snapshot(paragraphs):
    return {
        "region": "Helmond-De Peel",
        "centrumgemeente": "Helmond",
        "round": "2019-2020",
        "sections": {
            key.value: {"parts": {"tekst": PARAGRAPH * paragraphs} if key == Section.ANALYSE else {}, "data": {}}
            for key in Section
        },
        "files": {},
    }


def bare_render(html):
    """WeasyPrint alone: the same HTML and fetcher, no template rendering, no box walk, no cache."""
    from weasyprint import HTML

    return HTML(
        string=html, base_url="http://127.0.0.1:8000", url_fetcher=_fetcher_class()(fail_on_errors=True)
    ).render()


def median_seconds(fn):
    times = []
    for _ in range(RUNS):
        page_limits._measure_html.cache_clear()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paragraphs_for(pages):
    n = 1
    while page_limits.measure_section(snapshot(n), "analyse") < pages:
        n += 1
    return n


def main():
    print(f"A4 measure vs bare WeasyPrint, median of {RUNS} runs (cache cleared each run)")
    print(f"{'case':<24}{'measured A4':>12}{'ours ms':>10}{'bare ms':>10}{'ratio':>8}")
    for target in (0.5, 1, 2, 3):
        snap = snapshot(paragraphs_for(target))
        html = render_section_html(snap, "analyse")
        measured = page_limits.measure_section(snap, "analyse")
        ours = median_seconds(lambda snap=snap: page_limits.measure_section(snap, "analyse"))
        bare = median_seconds(lambda html=html: bare_render(html))
        label = f"section ~{target} A4"
        print(f"{label:<24}{measured:>12}{ours * 1000:>10.0f}{bare * 1000:>10.0f}{ours / bare:>8.2f}")
    snap = snapshot(paragraphs_for(2))
    now = timezone.now()
    html = render_plan_html(snap, version_number=1, submitted_at=now)
    ours = median_seconds(
        lambda: html_to_document(render_plan_html(snap, version_number=1, submitted_at=now)).write_pdf(
            pdf_variant="pdf/ua-1"
        )
    )
    bare = median_seconds(lambda: bare_render(html).write_pdf())
    print(f"{'full plan PDF (UA)':<24}{'':>12}{ours * 1000:>10.0f}{bare * 1000:>10.0f}{ours / bare:>8.2f}")


if __name__ == "__main__":
    main()
