"""`make run`'s monitoring demo: the programme's real year as history, and monitoring work in the demo round.

``load_history`` builds the 2019-2020 round for all 35 arbeidsmarktregio's through the real services, each step
"on" its own day of the 2019-2020 calendar (``pow_portal.clock.on``), so every rule judges it as it was then:

* plans drafted and submitted in spring 2019, checked, advised by the stuurgroep on 23 May and approved in
  August onto the Septembercirculaire 2019; Helmond-De Peel (9 July) and Noord-Limburg (end of June) in the
  closing window, advised on 22 August and approved in October onto the Decembercirculaire 2019 (SPEC.md);
* attendance at the 2019 national meetings, the October conversations with follow-ups;
* the stuurgroep's November advice on progress, the January 2020 reports (a few late, one asked for more,
  one never sent) and the ministry's February 2020 evaluations: the 2020 tranche on the Meicirculaire 2020,
  and a few regions not granted, with their reasons.

Every figure is made up and every text says "(demo)". ``load_today`` gives the demo round of today its
questionnaire periods and national meetings, so a plan approved today leads on to monitoring work. Both are
idempotent: with the history present, a second run changes nothing.
"""

import datetime
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from plans import services as plan_services
from plans.models import Plan
from plans.samples import pdf_upload, plan_fill, png_upload
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
from review import services as review_services
from review.constants import AdviceKind, DecisionKind
from review.models import StuurgroepMeeting

from . import services
from .constants import AttendanceStatus, MeetingKind, PeriodKind, ReviewOutcome
from .models import MonitoringPeriod, NationalMeeting

logger = logging.getLogger(__name__)

D = datetime.date
HISTORY_ROUND = "2019-2020"
DEMO = "(demo)"
#: SPEC.md, route step 6: submitted in the closing window, approved in October, paid on the December list.
DECEMBER_LIST = {"Helmond-De Peel": D(2019, 7, 9), "Noord-Limburg": D(2019, 6, 28)}
STUURGROEP_2019 = [
    (D(2019, 5, 23), "Stuurgroep mei 2019"),
    (D(2019, 8, 22), "Stuurgroep augustus 2019"),
    (D(2019, 11, 28), "Stuurgroep november 2019"),
]
#: Regions whose 2020 tranche is not granted, and why (by their place in the alphabetical list of regions).
POOR_PROGRESS = 4  # the stuurgroep and the ministry find too little progress
ABSENT = 11  # good progress, but away from two of the three national meetings: the condition is not met
NO_REPORT = 23  # never sent its January report
ASKED_MORE = 7  # the support team asks for more, the region sends a second version
LATE = {2, 16, 29}  # the January report comes in after 31 January


@dataclass(frozen=True)
class Team:
    ot: User
    sg: User
    szw: User


def _team() -> Team | None:
    users = {u.role: u for u in User.objects.filter(username__in=["ondersteuningsteam", "stuurgroep", "ministerie"])}
    if len(users) < 3:
        return None
    return Team(ot=users[Role.ONDERSTEUNINGSTEAM], sg=users[Role.STUURGROEP], szw=users[Role.MINISTERIE])


def _region_user(region: Arbeidsmarktregio) -> User:
    """The demo author of a region's plan and reports: the README's demo account, else a closed account."""
    user = User.objects.filter(role=Role.REGIO, region=region, is_active=True).order_by("pk").first()
    if user is not None:
        return user
    user, created = User.objects.get_or_create(
        username=f"demo.regio.{region.code.lower()}",
        defaults={
            "role": Role.REGIO,
            "region": region,
            "is_active": False,
            "email": "",
            "first_name": "Demo",
            "last_name": region.name,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# ---- the plan's content: varied figures, one shared text ---------------------------------------------------


TEXT = (
    "<p>(demo) De arbeidsmarkt in de regio is krap: in zorg, techniek en logistiek staan veel vacatures open, "
    "terwijl een grote groep werkzoekenden met een afstand tot de arbeidsmarkt nog niet aan de slag is.</p>"
)
AMBITIONS = [(240, 80), (300, 100), (360, 120), (420, 150), (480, 160), (540, 180), (600, 200)]


def _ambition(index: int) -> dict:
    total, in_2019 = AMBITIONS[index % len(AMBITIONS)]
    return {
        "matches_total": total,
        "matches_2019": in_2019,
        "reguliere_baan": total * 3 // 4,
        "leerwerkplek": total // 5,
        "basisbaan": total - total * 3 // 4 - total // 5,
    }


def _draft(plan: Plan, user: User, index: int, signed_on: D) -> None:
    aanpak = ("aanbod", "vraag", "route", "scholing", "aanspreekpunt", "wsp", "harmonisatie", "planning")
    parties = [
        ("Centrumgemeente (demo)", "gemeente", "Trekker"),
        ("UWV (demo)", "uwv", "Werkgeversdienstverlening"),
        ("Werkgeversvereniging (demo)", "werkgever", "Werkgevers"),
        ("ROC (demo)", "onderwijs", "Scholing en praktijkleren"),
    ]
    signatories = [
        {
            "salutation": "heer",
            "name": "A. Wethouder (demo)",
            "function": "Wethouder werk",
            "organisation": f"Gemeente {plan.region.centrumgemeente}",
        },
        {"name": "B. Voorzitter (demo)", "function": "Voorzitter", "organisation": "Werkgevers (demo)"},
    ]
    contact = {
        "name": "C. Contact (demo)",
        "function": "Beleidsadviseur",
        "email": "contact@demo.pow.example.nl",
        "phone": "030 000 0000",
    }
    instrument = {"party": "UWV", "instrument": "No-riskpolis", "money": "250000.00", "capacity": "2 fte"}
    content = {
        "analyse": {"parts": {"tekst": TEXT * 3}},
        "ambitie": {"parts": {"verbetering": TEXT}, "data": _ambition(index)},
        "aanpak": {"parts": {k: f"<p>(demo) {k}: concrete activiteiten met de partners.</p>" for k in aanpak}},
        "betrokkenen": {"data": {"parties": [dict(zip(("name", "kind", "role"), p, strict=True)) for p in parties]}},
        "instrumenten": {"data": {"rows": [instrument]}},
        "overige_afspraken": {"parts": {"tekst": "<p>(demo) Afspraken over monitoring.</p>"}},
        "ondertekening": {
            "data": {
                "signatories": signatories,
                "declaration_a": True,
                "declaration_b": True,
                "declaration_c": True,
                "signed_on": signed_on.isoformat(),
            }
        },
        "contactpersoon": {"data": contact},
    }
    uploads = {
        "infrastructuur": png_upload("infrastructuur-demo.png"),
        "ondertekening": pdf_upload("ondertekend-demo.pdf", b"Demo-document Perspectief op Werk"),
        "samenwerkingsovereenkomst": pdf_upload("overeenkomst-demo.pdf", b"Demo-document Perspectief op Werk"),
    }
    plan_fill(plan=plan, by=user, content=content, uploads=uploads)


# ---- the 2019-2020 route -----------------------------------------------------------------------------------


def _route(
    plan: Plan, user: User, team: Team, index: int, *, submitted: D, meeting: StuurgroepMeeting, decided: D
) -> None:
    with clock.on(submitted - timedelta(days=3)):
        _draft(plan, user, index, signed_on=submitted - timedelta(days=7))
    with clock.on(submitted):
        plan_services.plan_submit(plan=plan, by=user)
    with clock.on(submitted + timedelta(days=5)):
        check = review_services.review_start(plan=plan, by=team.ot)
        review_services.check_confirm_proposals(plan=plan, by=team.ot)
        for item in check.items.filter(confirmed__isnull=True):
            review_services.check_item_decide(item=item, confirmed=True, note="Akkoord (demo)", by=team.ot)
        review_services.review_mark_complete(plan=plan, by=team.ot)
        review_services.agenda_add(meeting=meeting, plan=plan, by=team.sg)
    with clock.on(meeting.date):
        review_services.advice_record(
            plan=plan,
            kind=AdviceKind.POSITIEF,
            by=team.sg,
            reasons="(demo) Een samenhangend plan met een haalbare ambitie.",
        )
    with clock.on(decided):
        review_services.decision_record(
            plan=plan,
            kind=DecisionKind.GOEDKEURING,
            decided_on=decided,
            reference=f"2019-{index + 1:04} (demo)",
            by=team.szw,
        )


def _attendance(regions, team: Team) -> None:
    for meeting in NationalMeeting.objects.filter(round__name=HISTORY_ROUND, date__year=2019).order_by("date"):
        with clock.on(meeting.date + timedelta(days=1)):
            for index, region in enumerate(regions):
                status = AttendanceStatus.AANWEZIG
                if meeting.counts_for_attendance and index == ABSENT and meeting.date.month >= 6:
                    status = AttendanceStatus.AFWEZIG
                elif (index + meeting.date.month) % 9 == 0:
                    status = AttendanceStatus.AFGEMELD
                who = "" if status != AttendanceStatus.AANWEZIG else "Wethouder en projectleider (demo)"
                services.attendance_record(meeting=meeting, region=region, status=status, attendees=who, by=team.ot)


def _conversations(regions, team: Team) -> None:
    for index, region in enumerate(regions):
        held_on = D(2019, 10, 1) + timedelta(days=index % 25)
        with clock.on(held_on):
            follow_ups = [("(demo) Cijfers werkfitte kandidaten aanleveren", held_on + timedelta(days=30 + index))]
            services.conversation_record(
                region=region,
                held_on=held_on,
                participants="Projectleider en wethouder (demo)",
                agreements="(demo) Voortgang besproken; de regio deelt goede voorbeelden op de landelijke dag.",
                follow_ups=follow_ups if index % 3 == 0 else [],
                by=team.ot,
            )


def _numbers(index: int, good: bool) -> dict:
    total, in_2019 = AMBITIONS[index % len(AMBITIONS)]
    share = 0.35 if not good else 0.8 + (index % 5) / 10  # of the 2019 ambition
    realised = int(in_2019 * share)
    return {
        "matches_regulier": realised * 3 // 5,
        "matches_leerwerkplek": realised // 4,
        "matches_overig": realised - realised * 3 // 5 - realised // 4,
        "werkfitte_kandidaten": total // 2 + index * 3,
    }


REPORT_TEXTS = {
    "aanbod": "(demo) Kandidaten in beeld gebracht met het UWV en de gemeenten.",
    "vraag": "(demo) Werkgevers in zorg en techniek benaderd; vacatures gebundeld.",
    "route": "(demo) Eén regionaal bestand en vaste accountmanagers.",
    "scholing": "(demo) BBL-trajecten en praktijkverklaringen gestart.",
    "knelpunten": "(demo) Vervoer naar bedrijventerreinen en wachttijden voor scholing.",
    "goede_voorbeelden": "(demo) Zorgbanen via een leerwerkplek bij twee ziekenhuizen.",
}


def _report(plan: Plan, user: User, team: Team, index: int, period: MonitoringPeriod) -> None:
    submitted = D(2020, 2, 4) if index in LATE else D(2020, 1, 6) + timedelta(days=index % 24)
    with clock.on(submitted):
        report = services.report_get_or_create(plan=plan, period=period, by=user)
        report = services.report_update(
            report=report,
            numbers=_numbers(index, index != POOR_PROGRESS),
            texts=REPORT_TEXTS,
            expected_version=report.version,
            by=user,
        )
        version = services.report_submit(report=report, by=user)
    with clock.on(submitted + timedelta(days=3)):
        if index == ASKED_MORE:
            version = services.report_review(
                version=version,
                outcome=ReviewOutcome.AANVULLING_GEVRAAGD,
                comment="(demo) Licht de leerwerkplekken toe.",
                by=team.ot,
            )
            report = services.report_update(
                report=version.report,
                numbers={},
                expected_version=version.report.version,
                texts={"scholing": REPORT_TEXTS["scholing"] + " Twaalf leerwerkplekken."},
                by=user,
            )
            version = services.report_submit(report=report, by=user)
        services.report_review(version=version, outcome=ReviewOutcome.GEACCEPTEERD, comment="", by=team.ot)


@transaction.atomic
def load_history(stdout) -> None:
    round_ = ProgrammeRound.objects.filter(name=HISTORY_ROUND).first()
    team = _team()
    if round_ is None or team is None:
        logger.info("demo history skipped: no 2019-2020 round or no demo accounts")
        stdout.write("demo: geen ronde 2019-2020 of geen demo-accounts; de geschiedenis blijft leeg")
        return
    if Plan.objects.filter(round=round_).exists():
        logger.info("demo history skipped: the 2019-2020 round has plans already")
        stdout.write("demo: de geschiedenis van 2019-2020 staat er al")
        return
    current = ProgrammeRound.objects.current()
    ProgrammeRound.objects.filter(pk=current.pk).update(is_current=False)  # the services work in the 2019 round
    ProgrammeRound.objects.filter(pk=round_.pk).update(is_current=True)
    meetings = {}
    for day, title in STUURGROEP_2019:
        with clock.on(day - timedelta(days=30)):
            meetings[day] = StuurgroepMeeting.objects.filter(date=day).first() or review_services.meeting_create(
                date=day, title=f"{title} {DEMO}", by=team.sg
            )
    regions = list(Arbeidsmarktregio.objects.order_by("name"))
    plans = []
    for index, region in enumerate(regions):
        user = _region_user(region)
        plan = plan_services.plan_get_or_create(region=region, round=round_)
        if region.name in DECEMBER_LIST:
            submitted = DECEMBER_LIST[region.name]
            _route(
                plan, user, team, index, submitted=submitted, meeting=meetings[D(2019, 8, 22)], decided=D(2019, 10, 14)
            )
        else:
            _route(
                plan,
                user,
                team,
                index,
                submitted=D(2019, 4, 1) + timedelta(days=index % 14),
                meeting=meetings[D(2019, 5, 23)],
                decided=D(2019, 8, 1) + timedelta(days=index % 8),
            )
        plans.append((index, plan, user))
    _attendance(regions, team)
    _conversations(regions, team)
    november = meetings[D(2019, 11, 28)]
    with clock.on(november.date):
        for index, plan, _user in plans:
            good = index != POOR_PROGRESS
            services.progress_advice_record(
                plan=plan,
                good_progress=good,
                meeting=november,
                by=team.sg,
                reasons=(
                    "(demo) De regio ligt op koers met haar ambitie."
                    if good
                    else "(demo) Te weinig matches en geen zicht op de werkgevers."
                ),
            )
    january = MonitoringPeriod.objects.get(round=round_, name="Vragenlijst januari 2020")
    for index, plan, user in plans:
        if index != NO_REPORT:
            _report(plan, user, team, index, january)
    for index, plan, _user in plans:
        with clock.on(D(2020, 2, 10) + timedelta(days=index % 12)):
            good = index not in (POOR_PROGRESS, NO_REPORT)
            services.evaluation_record(
                plan=plan,
                good_progress=good,
                evaluated_on=clock.today(),
                by=team.szw,
                reasons=_evaluation_reasons(index),
            )
    ProgrammeRound.objects.filter(pk=round_.pk).update(is_current=False)
    ProgrammeRound.objects.filter(pk=current.pk).update(is_current=True)
    stdout.write(f"demo: geschiedenis 2019-2020 opgebouwd voor {len(plans)} regio's")


def _evaluation_reasons(index: int) -> str:
    if index == POOR_PROGRESS:
        return "(demo) Te weinig voortgang: een derde van de ambitie voor 2019 gehaald, conform het advies."
    if index == NO_REPORT:
        return "(demo) De voortgangsrapportage van januari 2020 is niet ontvangen."
    return "(demo) Goede voortgang: de matches van 2019 liggen op koers en de regio werkt samen met werkgevers."


# ---- the demo round of today ------------------------------------------------------------------------------


@transaction.atomic
def load_today(stdout) -> None:
    """Questionnaire periods and national meetings in the demo round, relative to today (idempotent)."""
    round_ = ProgrammeRound.objects.current()
    if round_ is None or round_.name == HISTORY_ROUND:
        logger.info("demo periods skipped: the current round is %s", round_)
        return
    today = clock.today()
    for n, (months, kind) in enumerate([(4, PeriodKind.JULI), (10, PeriodKind.JANUARI)], start=1):
        due_on = today + timedelta(days=30 * months)
        MonitoringPeriod.objects.get_or_create(
            round=round_,
            name=f"Vragenlijst {n} {DEMO}",
            defaults={
                "kind": kind,
                "counts_until": due_on - timedelta(days=31),
                "opens_on": due_on - timedelta(days=30),
                "due_on": due_on,
            },
        )
    for n, days in enumerate([45, 120, 200], start=1):
        NationalMeeting.objects.get_or_create(
            round=round_,
            title=f"{n}e landelijke bijeenkomst {DEMO}",
            defaults={
                "kind": MeetingKind.LANDELIJK,
                "date": today + timedelta(days=days),
                "counts_for_attendance": True,
            },
        )
    stdout.write(f"demo: vragenlijsten en landelijke bijeenkomsten in ronde {round_.name}")
