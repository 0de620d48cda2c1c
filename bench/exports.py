"""Time to build each payment-list export for 35 and for 3,500 payments; the ratio should be about 100 (linear).

Works on the local database (``make run`` or ``manage.py migrate`` creates it) inside a transaction that is
rolled back, so it leaves nothing behind.
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from pow_portal.constants import Role  # noqa: E402
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User  # noqa: E402
from review.exports import export_csv, export_pdf, export_xlsx  # noqa: E402
from review.models import Circulaire, Payment  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def fill(circulaire, n, user):
    round_ = circulaire.round
    regions = Arbeidsmarktregio.objects.bulk_create(
        [
            Arbeidsmarktregio(code=f"B{n}-{i}", name=f"Benchregio {n}-{i:05}", centrumgemeente=f"Stad {i}")
            for i in range(n)
        ]
    )
    Payment.objects.bulk_create(
        [
            Payment(
                round=round_,
                region=r,
                centrumgemeente=r.centrumgemeente,
                tranche=2019,
                amount=Decimal("1000000.00"),
                circulaire=circulaire,
                basis="Besluit bench",
                created_by=user,
            )  # fmt: skip
            for r in regions
        ]
    )


def median(fn):
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    results = {}
    with transaction.atomic():
        user = User.objects.create(username="bench-szw", role=Role.MINISTERIE)
        round_ = ProgrammeRound.objects.current()
        for n in (35, 3500):
            circulaire = Circulaire.objects.create(
                round=round_, name=f"Bench {n}", year=2019, bzk_deadline="2019-07-05"
            )
            fill(circulaire, n, user)
            results[n] = {name: median(lambda f=f, c=circulaire: f(c))
                          for name, f in (("CSV", export_csv), ("XLSX", export_xlsx), ("PDF", export_pdf))}  # fmt: skip
        transaction.set_rollback(True)
    print(f"Payment-list exports, median of {RUNS} runs")
    print(f"{'format':<8}{'35 payments ms':>16}{'3500 payments ms':>18}{'ratio':>8}   (linear = 100)")
    for name in ("CSV", "XLSX", "PDF"):
        small, large = results[35][name], results[3500][name]
        print(f"{name:<8}{small * 1000:>16.1f}{large * 1000:>18.1f}{large / small:>8.1f}")


if __name__ == "__main__":
    main()
