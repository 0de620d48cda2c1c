"""Time to build each payment-list export as the list grows; linear means 2x the rows takes ~2x the time.

Runs on SQLite and on PostgreSQL (the bench's own database, ``BENCH_DATABASE_URL``), each inside a transaction
that is rolled back, so it leaves nothing behind.
Run: make bench  (or: .venv/bin/python bench/exports.py)
"""

import os
import sys
import time
from decimal import Decimal
from itertools import count
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.local")

from bench._common import on_each_database  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIZES = (35, 1750, 3500, 7000)
# A PDF list of thousands of rows is built by a worker (see review.exports); two sizes show its growth.
PDF_SIZES = (35, 1750)
_codes = count(1)


def fill(circulaire, n, user):
    from pow_portal.models import Arbeidsmarktregio
    from review.models import Payment

    regions = Arbeidsmarktregio.objects.bulk_create(
        [
            Arbeidsmarktregio(code=f"B{(k := next(_codes)):06}", name=f"Benchregio {k:06}", centrumgemeente=f"Stad {k}")
            for _ in range(n)
        ]
    )
    Payment.objects.bulk_create(
        [
            Payment(round=circulaire.round, region=r, centrumgemeente=r.centrumgemeente, tranche=2019,
                    amount=Decimal("1000000.00"), circulaire=circulaire, basis="Besluit bench", created_by=user)
            for r in regions
        ]
    )  # fmt: skip


def fastest(fn, runs):
    """The fastest of ``runs``: on a shared machine the other engineers' load only ever adds time."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from pow_portal.constants import Role
    from pow_portal.models import ProgrammeRound, User
    from review.exports import export_csv, export_pdf, export_xlsx
    from review.models import Circulaire

    call_command("migrate", verbosity=0)
    builders = {"CSV": export_csv, "XLSX": export_xlsx, "PDF": export_pdf}
    results = {}
    with transaction.atomic():
        user = User.objects.create(username="bench-szw", role=Role.MINISTERIE)
        round_ = ProgrammeRound.objects.current()
        for n in SIZES:
            circulaire = Circulaire.objects.create(
                round=round_, name=f"Bench {n}", year=2019, bzk_deadline="2019-07-05"
            )
            fill(circulaire, n, user)
            for name, build in builders.items():
                if name == "PDF" and n not in PDF_SIZES:
                    continue
                results[name, n] = fastest(lambda b=build, c=circulaire: b(c), RUNS if name != "PDF" or n < 100 else 1)
        transaction.set_rollback(True)
    print(f"Payment-list exports on {connection.vendor}, fastest of {RUNS} runs (PDF of 1750 rows: one run)")
    print(f"{'format':<8}" + "".join(f"{f'{n} rows ms':>15}" for n in SIZES) + f"{'7000/3500':>11}")
    for name in builders:
        cells = "".join(f"{results[name, n] * 1000:>15.1f}" if (name, n) in results else f"{'-':>15}" for n in SIZES)
        ratio = results[name, 7000] / results[name, 3500] if (name, 7000) in results else None
        print(f"{name:<8}{cells}{f'{ratio:.2f}' if ratio else '-':>11}")


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        main()
    else:
        on_each_database(__file__)
