"""Time (and queries) of the list pages with 35 and with 350 plans: flat means a ratio near 1.

Pages: the review queue, the decisions, the stuurgroep's meetings and a meeting's agenda, the payment list of a
circulaire, the circulaires overview and Beheer's payment list. Runs on SQLite and on PostgreSQL (the bench's
own database) inside a transaction that is rolled back. Fastest of BENCH_RUNS requests per page (after a warm-up).
Run: make bench  (or: .venv/bin/python bench/list_pages.py)
"""

import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pow_portal.settings.local")

from bench._common import login_verified, on_each_database  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def make_plans(n, user, meeting, circulaire):
    """Submitted plans up to ``n`` (regions beyond the 35 are made up), a third advised and on the agenda,
    each with a payment in the circulaire."""
    from plans.constants import PlanStatus
    from plans.models import Plan, PlanVersion
    from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
    from review.models import Advice, AgendaItem, Payment

    round_ = ProgrammeRound.objects.current()
    regions = list(Arbeidsmarktregio.objects.order_by("id"))
    regions += [
        Arbeidsmarktregio(code=f"T{i:05}", name=f"Testregio {i:05}", centrumgemeente=f"Stad {i}")
        for i in range(len(regions), n)
    ]
    for region in regions:
        if region.pk is None:
            region.save()
    have = set(Plan.objects.values_list("region_id", flat=True))
    for i, region in enumerate(regions[:n]):
        if region.pk in have:
            continue
        status = [PlanStatus.INGEDIEND, PlanStatus.VOLLEDIG, PlanStatus.GEADVISEERD][i % 3]
        plan = Plan.objects.create(region=region, round=round_, status=status)
        version = PlanVersion.objects.create(plan=plan, number=1, content={"files": {}}, submitted_by=user)
        if status == PlanStatus.GEADVISEERD:
            AgendaItem.objects.create(meeting=meeting, version=version, added_by=user)
            Advice.objects.create(version=version, meeting=meeting, kind="positief", reasons="ok", recorded_by=user,
                                  advised_on=meeting.date)  # fmt: skip
        Payment.objects.create(
            round=round_,
            region=region,
            centrumgemeente=region.centrumgemeente,
            tranche=2019,
            amount=Decimal("1000000.00"),
            circulaire=circulaire,
            basis="Bench",
            created_by=user,
        )


def measure(client, url, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_verified(client, user)
    assert client.get(url).status_code == 200, url  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print(url, len(ctx.captured_queries), *[q["sql"][:150] for q in ctx.captured_queries], sep="\n  ")
    return min(times), len(ctx.captured_queries)


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from pow_portal.constants import Role
    from pow_portal.models import ProgrammeRound, User
    from review.models import Circulaire, StuurgroepMeeting

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    client = Client()
    results = {}
    with transaction.atomic():
        from pow_portal.models import Arbeidsmarktregio

        region = Arbeidsmarktregio.objects.order_by("id").first()
        users = {
            role: User.objects.create(
                username=f"bench-{role}", role=role, region=region if role == Role.REGIO else None
            )
            for role in Role.values
        }
        meeting = StuurgroepMeeting.objects.create(date=datetime.date(2019, 5, 20))
        circulaire = Circulaire.objects.create(round=ProgrammeRound.objects.current(), name="Bench-circulaire",
                                               year=2019, bzk_deadline="2019-07-05")  # fmt: skip
        superuser = User.objects.create(username="bench-admin", is_superuser=True, is_staff=True)
        pages = {
            "queue": (reverse("review:queue"), users[Role.ONDERSTEUNINGSTEAM]),
            "decisions": (reverse("review:decisions"), users[Role.MINISTERIE]),
            "meetings": (reverse("review:meetings"), users[Role.STUURGROEP]),
            "meeting agenda": (reverse("review:meeting", args=[meeting.pk]), users[Role.STUURGROEP]),
            "payment list": (reverse("review:circulaire", args=[circulaire.pk]), users[Role.MINISTERIE]),
            "circulaires": (reverse("review:circulaires"), users[Role.MINISTERIE]),
            "beheer payments": (reverse("admin:review_payment_changelist"), superuser),
        }
        for n in (35, 350):
            make_plans(n, users[Role.REGIO], meeting, circulaire)
            for name, (url, user) in pages.items():
                results[name, n] = measure(client, url, user)
        transaction.set_rollback(True)
    print(f"List pages on {connection.vendor}, fastest of {RUNS} requests (Django test client, in-process; on a shared")
    print("machine the others' load only ever adds time)")
    print(f"{'page':<18}{'35 plans ms':>13}{'350 plans ms':>14}{'ratio':>7}{'queries 35/350':>16}")
    for name in pages:
        (t35, q35), (t350, q350) = results[name, 35], results[name, 350]
        print(f"{name:<18}{t35 * 1000:>13.1f}{t350 * 1000:>14.1f}{t350 / t35:>7.2f}{f'{q35}/{q350}':>16}")


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        main()
    else:
        on_each_database(__file__)
