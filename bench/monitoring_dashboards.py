"""Query count and time of each dashboard page for 35 and for 350 regions (ratio printed; flat queries).

Works on the local database inside a transaction that is rolled back, so it leaves nothing behind.
"""

import datetime
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench._common import login_verified  # noqa: E402
from pow_portal import clock  # noqa: E402
from pow_portal.constants import Role  # noqa: E402
from pow_portal.models import Arbeidsmarktregio, User  # noqa: E402
from tests.monitoring.bulk import fill_regions  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PAGES = [
    ("ondersteuningsteam", "home", "start ondersteuningsteam"),
    ("stuurgroep", "home", "start stuurgroep"),
    ("ministerie", "home", "start ministerie"),
    ("regio", "home", "start regio"),
    ("ministerie", "monitoring:dashboard", "landelijk dashboard"),
    ("ministerie", "monitoring:evaluations", "evaluaties"),
]


def measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return queries, statistics.median(times)


def main():
    settings.ALLOWED_HOSTS = ["*"]
    clock.today = lambda: datetime.date(2020, 2, 3)
    call_command("migrate", verbosity=0)
    results = {}
    with transaction.atomic():
        users = {role: User.objects.create(username=f"bench-{role}", role=role,
                                           region=Arbeidsmarktregio.objects.first() if role == Role.REGIO else None)
                 for role in (Role.REGIO, Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP, Role.MINISTERIE)}  # fmt: skip
        for n in (35, 350):
            fill_regions(n, users[Role.MINISTERIE])
            for role, name, label in PAGES:
                client = Client()
                login_verified(client, users[role])
                results[(label, n)] = measure(client, reverse(name))
        transaction.set_rollback(True)
    print(f"Monitoring dashboards, median of {RUNS} runs (queries, ms):")
    for _role, _name, label in PAGES:
        (q35, t35), (q350, t350) = results[(label, 35)], results[(label, 350)]
        print(f"  {label:26} 35: {q35:3} q {t35 * 1000:7.1f} ms | 350: {q350:3} q {t350 * 1000:7.1f} ms"
              f" | ratio {t350 / t35:4.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
