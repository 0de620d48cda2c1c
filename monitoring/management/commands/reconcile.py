"""``manage.py reconcile``: check every money invariant; exit code 1 when something does not add up."""

from django.core.management.base import BaseCommand, CommandError

from monitoring.reconcile import reconcile


class Command(BaseCommand):
    help = "Controleer de betalingen: tranches, circulaires, budget, vastgestelde lijsten (ook dagelijks via beat)."

    def handle(self, *args, **options):
        run = reconcile()
        for name, count in run.checked.items():
            self.stdout.write(f"{name}: {count} gecontroleerd")
        for problem in run.problems:
            self.stdout.write(f"AFWIJKING [{problem['check']}] {problem['message']}")
        if not run.ok:
            raise CommandError(f"{len(run.problems)} afwijking(en) gevonden.")
        self.stdout.write(self.style.SUCCESS("Alles klopt."))
