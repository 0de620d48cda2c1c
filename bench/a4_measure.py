"""Speed and memory of the A4 measure against its floor: a bare WeasyPrint render of the same section.

- floor: WeasyPrint alone lays out the same section body with a minimal stylesheet (A4 page, the same font and
  size) and the process's shared font configuration; no template, no hash, no cache, no box walk.
- ours: ``plans.page_limits.measure_section`` as the worker calls it, gauge cache emptied before each run: a
  layout only (no PDF written, no page margin boxes).
- with PDF: the same section's print HTML rendered and written as the plan PDF is (margin boxes, PDF/UA), for
  reference: what a measure would cost that made the PDF.
- autosave: ``plans.services.section_update`` with a new text each time (database write + measure), on the
  database in use.
- no shared fonts: the same bare render with a font configuration made for the render (what every measure
  paid before pdf.py kept one per process), for reference.
Runs are interleaved (floor, ours, autosave, ... in turn) and the median of BENCH_RUNS is shown. Then 500
measures of distinct texts: peak RSS and RSS growth. Runs on SQLite and PostgreSQL (the bench's own database).
Run: make bench  (or: .venv/bin/python bench/a4_measure.py)
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.local")

from bench._common import on_each_database, peak_rss_mib, rss_mib  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
LEAK_MEASURES = int(os.environ.get("BENCH_LEAK_MEASURES", "500"))
PARAGRAPH = (
    "<p>Werkgevers in de regio zoeken mensen voor zorg, techniek en logistiek. Samen met UWV, gemeenten en "
    "onderwijs brengen wij werkzoekenden en werkplekken bij elkaar, met begeleiding op maat.</p>"
)
FONT = "/static/vendor/fira-sans/files/fira-sans-latin-{w}-{s}.woff2"
MINIMAL_CSS = (
    "".join(
        f'@font-face {{ font-family: "F"; font-style: {s}; font-weight: {w}; src: url("{FONT.format(w=w, s=s)}"); }}'
        for w in (400, 700)
        for s in ("normal", "italic")
    )
    + '@page { size: A4; margin: 2.5cm 2cm; } html { font-family: "F"; font-size: 10.5pt; line-height: 1.4; }'
)


def snapshot(paragraphs, salt=""):
    from plans.constants import Section

    text = PARAGRAPH * paragraphs + (f"<p>{salt}</p>" if salt else "")
    return {
        "region": "Helmond-De Peel",
        "centrumgemeente": "Helmond",
        "round": "2019-2020",
        "sections": {
            key.value: {"parts": {"tekst": text} if key == Section.ANALYSE else {}, "data": {}} for key in Section
        },
        "files": {},
    }


def bare_html(snap):
    """The section's own body, without the print stylesheet."""
    from plans.printing import render_section_html

    html = render_section_html(snap, "analyse")
    return html.replace('<link rel="stylesheet" href="/static/plans/print.css">', "")


def floor(html, *, shared=True):
    from weasyprint import CSS, HTML

    from pow_portal import pdf

    config = pdf.font_config() if shared else None
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
    css = CSS(string=MINIMAL_CSS, font_config=config, url_fetcher=pdf.url_fetcher(), base_url="http://127.0.0.1/")
    return HTML(string=html, base_url="http://127.0.0.1/", url_fetcher=pdf.url_fetcher()).render(
        stylesheets=[css], font_config=config
    )


def timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main():
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction

    from plans import page_limits, services
    from plans.models import PlanSection
    from plans.printing import render_section_html
    from pow_portal import pdf
    from pow_portal.constants import Role
    from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User

    call_command("migrate", verbosity=0)

    def paragraphs_for(pages):
        n = 1
        while page_limits.measure_section(snapshot(n), "analyse") < pages:
            n += 1
        return n

    rows = []
    with transaction.atomic():
        region = Arbeidsmarktregio.objects.order_by("id").first()
        user = User.objects.create(username="bench-a4", role=Role.REGIO, region=region)
        plan = services.plan_get_or_create(region=region, round=ProgrammeRound.objects.current())
        section = plan.sections.get(section="analyse")
        saves = [0]

        def autosave(n):
            saves[0] += 1
            row = PlanSection.objects.get(pk=section.pk)
            services.section_update(section=row, parts={"tekst": PARAGRAPH * n + f"<p>{saves[0]}</p>"},
                                    expected_version=row.version, by=user)  # fmt: skip

        for target in (0.5, 1, 2, 3):
            n = paragraphs_for(target)
            snap = snapshot(n)
            html = bare_html(snap)
            measured = page_limits.measure_section(snap, "analyse")
            floor_pages = len(floor(html).pages)
            times = {"floor": [], "ours": [], "with PDF": [], "autosave": [], "no shared fonts": []}
            print_html = render_section_html(snap, "analyse")
            for i in range(RUNS):
                runs = [
                    ("floor", lambda html=html: floor(html)),
                    ("ours", lambda snap=snap: (cache.clear(), page_limits.measure_section(snap, "analyse"))),
                    ("autosave", lambda n=n: autosave(n)),
                    ("with PDF", lambda print_html=print_html: pdf.html_to_pdf(print_html)),
                ]
                if i < 3:  # slow and only for reference
                    runs.append(("no shared fonts", lambda html=html: floor(html, shared=False)))
                for name, fn in runs if i % 2 else reversed(runs):
                    times[name].append(timed(fn))
            rows.append((f"~{target} A4", measured, floor_pages, {k: statistics.median(v) for k, v in times.items()}))

        snap_base = 6
        for i in range(20):  # warm-up: fonts, templates, caches of the libraries
            page_limits.measure_section(snapshot(snap_base, salt=f"w{i}"), "analyse")
        before = rss_mib()
        started = time.perf_counter()
        for i in range(LEAK_MEASURES):
            page_limits.measure_section(snapshot(snap_base + i % 7, salt=f"m{i}"), "analyse")
        leak_seconds = time.perf_counter() - started
        after = rss_mib()
        transaction.set_rollback(True)

    print(f"A4 measure vs its floor on {connection.vendor}, median of {RUNS} interleaved runs (ms)")
    print(f"{'case':<10}{'A4':>6}{'pages':>7}{'floor':>8}{'ours':>8}{'ours/floor':>12}{'with PDF':>10}"
          f"{'autosave':>10}{'no shared fonts':>17}")  # fmt: skip
    for label, measured, pages, t in rows:
        print(
            f"{label:<10}{measured:>6}{pages:>7}{t['floor'] * 1000:>8.1f}{t['ours'] * 1000:>8.1f}"
            f"{t['ours'] / t['floor']:>12.2f}{t['with PDF'] * 1000:>10.1f}{t['autosave'] * 1000:>10.1f}"
            f"{t['no shared fonts'] * 1000:>17.1f}"
        )
    print(
        f"{LEAK_MEASURES} measures of distinct texts in {leak_seconds:.1f} s: RSS {before:.1f} -> {after:.1f} MiB "
        f"(growth {after - before:+.1f} MiB), peak RSS {peak_rss_mib():.1f} MiB"
    )


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        main()
    else:
        on_each_database(__file__)
