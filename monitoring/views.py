"""Views of the monitoring app: thin; the rules live in monitoring.services, rules and selectors."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans.constants import PlanStatus
from plans.permissions import REVIEWER_ROLES
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.permissions import roles_required
from pow_portal.refusals import show_refusal

from . import permissions, selectors, services
from .constants import REPORT_NUMBERS, REPORT_TEXTS, ReportStatus
from .forms import (
    AttendanceForm,
    ConversationForm,
    EvaluationForm,
    ProgressAdviceForm,
    ReportForm,
    ReportReviewForm,
)
from .models import ProgressReportVersion
from .permissions import check_region
from .workflow import EDITABLE_STATES

logger = logging.getLogger(__name__)
reviewer_required = roles_required(*REVIEWER_ROLES)


def _found(obj):
    if obj is None:
        raise Http404
    return obj


# ---- progress reports ----------------------------------------------------------------------------------------


@login_required
def reports(request):
    """The region: its reports per period and its conversations. Reviewers: the reports to read."""
    if permissions.is_region_user(request.user):
        plan = selectors.monitored_plan(request.user.region)
        approved = plan is not None and plan.status == PlanStatus.GOEDGEKEURD
        return render(
            request,
            "monitoring/reports_region.html",
            {
                "plan": plan,
                "approved": approved,
                "rows": selectors.region_reports(plan) if approved else [],
                "conversations": selectors.conversations_for_region(request.user.region),
                "evaluation": selectors.evaluation_for(plan) if approved else None,
            },
        )
    if not permissions.is_reviewer(request.user):
        raise PermissionDenied
    return render(
        request,
        "monitoring/reports_reviewer.html",
        {
            "to_read": selectors.reports_to_read(),
            "recent": selectors.reports_recent(),
        },
    )


def _report_context(request, report, form, **extra):
    return {
        "report": report,
        "plan": report.plan,
        "period": report.period,
        "form": form,
        "number_fields": [form[key] for key, _label in REPORT_NUMBERS],
        "text_fields": [form[key] for key, _label in REPORT_TEXTS],
        "versions": selectors.report_versions(report) if report.pk else [],
        "missing": services.report_missing(report),
        "ambition": selectors.plan_ambition(report.plan),
        "can_edit": report.status in EDITABLE_STATES,
        **extra,
    }


def _initial(report):
    return {"expected_version": report.version, **report.numbers, **report.texts}


@roles_required(Role.REGIO)
@require_http_methods(["GET", "POST"])
def report_edit(request, period_id):
    """The region drafts its report for a period: full saves here, background saves in report_autosave."""
    period = _found(selectors.period(period_id))
    plan = selectors.monitored_plan(request.user.region)
    if plan is None:
        raise Http404
    try:
        if request.method == "GET":
            report = services.report_for_edit(plan=plan, period=period, by=request.user)
        else:
            report = services.report_get_or_create(plan=plan, period=period, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("monitoring:reports")
    if request.method == "GET":
        return render(
            request,
            "monitoring/report_form.html",
            _report_context(request, report, ReportForm(initial=_initial(report))),
        )
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(
            request, "monitoring/report_form.html", _report_context(request, report, form, has_errors=True), status=422
        )
    try:
        services.report_update(
            report=report,
            numbers=form.numbers(),
            texts=form.texts(),
            expected_version=form.cleaned_data["expected_version"],
            by=request.user,
        )
    except services.ReportConflict as conflict:
        current = conflict.current
        if current.numbers == {**current.numbers, **form.numbers()} and current.texts == {
            **current.texts,
            **{k: v.strip() for k, v in form.texts().items()},
        }:  # the newer save holds exactly this text (e.g. the autosave just before the click): nothing to choose
            messages.success(request, _("Opgeslagen."))
            return redirect("monitoring:report-edit", period_id=period.pk)
        # Show the stored report beside the user's own text, which stays in the form; saving again overwrites.
        data = request.POST.copy()
        data["expected_version"] = str(current.version)
        theirs = [(label, current.numbers.get(key)) for key, label in REPORT_NUMBERS]
        theirs += [(label, current.texts.get(key, "")) for key, label in REPORT_TEXTS]
        return render(
            request,
            "monitoring/report_form.html",
            _report_context(request, current, ReportForm(data), conflict=theirs),
            status=409,
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("monitoring:reports")
    messages.success(request, _("Opgeslagen."))
    return redirect("monitoring:report-edit", period_id=period.pk)


@require_POST
def report_autosave(request, period_id):
    """Background save while the region types (htmx); answers the status line and the new version."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "session_expired"}, status=401)
    if not permissions.is_region_user(request.user):
        return JsonResponse({"error": "forbidden"}, status=403)
    period = _found(selectors.period(period_id))
    plan = selectors.monitored_plan(request.user.region)
    if plan is None:
        raise Http404
    try:  # the first save (autosave or button) creates the report: the form's GET did not
        report = services.report_get_or_create(plan=plan, period=period, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return render(request, "monitoring/includes/autosave_result.html", {"problem": message}, status=422)
    form = ReportForm(request.POST)
    context = {"report": report}
    status = 200
    if not form.is_valid():  # not 2xx: the browser keeps its copy; the full save shows the errors
        context["problem"] = _("Niet automatisch opgeslagen: controleer de gemarkeerde velden en sla op met de knop.")
        status = 422
    else:
        try:
            report = services.report_update(
                report=report,
                numbers=form.numbers(),
                texts=form.texts(),
                expected_version=form.cleaned_data["expected_version"],
                by=request.user,
            )
            context["report"] = report
            context["saved"] = True
        except services.ReportConflict:  # 409: the page posts the form in full and the server shows both
            context["problem"] = _(
                "Iemand anders heeft deze rapportage intussen opgeslagen. Klik op Opslaan om "
                "beide versies te zien; uw tekst blijft staan."
            )
            status = 409
        except (
            ValidationError
        ) as error:  # submitted meanwhile (the submission won the race): the browser keeps its copy
            context["problem"] = " ".join(error.messages)
            status = 422
        except PermissionDenied as error:
            context["problem"] = str(error)
            status = 403
    return render(request, "monitoring/includes/autosave_result.html", context, status=status)


@roles_required(Role.REGIO)
@require_POST
def report_submit(request, period_id):
    report = _found(selectors.region_report(request.user.region, period_id))
    try:
        version = services.report_submit(report=report, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
        return redirect("monitoring:report-edit", period_id=period_id)
    messages.success(
        request,
        _("Uw voortgangsrapportage is ingediend (versie %(n)s). Het ondersteuningsteam heeft bericht gekregen.")
        % {"n": version.number},
    )
    return redirect("monitoring:report-version", pk=version.pk)


def _version_for(request, pk) -> ProgressReportVersion:
    version = _found(selectors.report_version(pk))
    check_region(request.user, version.report.plan.region_id)
    return version


@login_required
def report_version(request, pk):
    version = _version_for(request, pk)
    report = version.report
    latest = selectors.report_versions(report)[0]
    can_review = (
        permissions.can_keep_record(request.user)
        and latest.pk == version.pk
        and report.status == ReportStatus.INGEDIEND
        and not version.outcome
    )
    return render(
        request,
        "monitoring/report_version.html",
        {
            "version": version,
            "report": report,
            "latest": latest,
            "numbers": [(label, version.content["numbers"].get(key)) for key, label in REPORT_NUMBERS],
            "texts": [(label, version.content["texts"].get(key, "")) for key, label in REPORT_TEXTS],
            "ambition": selectors.plan_ambition(report.plan),
            "can_review": can_review,
            "review_form": ReportReviewForm() if can_review else None,
        },
    )


@login_required
def report_version_pdf(request, pk):
    version = _version_for(request, pk)
    if not version.pdf:
        messages.info(request, _("De PDF wordt gemaakt. Probeer het over een minuut opnieuw."))
        return redirect("monitoring:report-version", pk=version.pk)
    name = f"voortgangsrapportage-{version.report.plan.region.name}-{version.report.period.name}-v{version.number}.pdf"
    return FileResponse(version.pdf.open("rb"), content_type="application/pdf", filename=name, as_attachment=True)


@roles_required(*permissions.RECORD_KEEPERS)
@require_POST
def report_review(request, pk):
    version = _version_for(request, pk)
    form = ReportReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies accepteren of aanvulling vragen."))
        return redirect("monitoring:report-version", pk=version.pk)
    try:
        services.report_review(
            version=version, outcome=form.cleaned_data["outcome"], comment=form.cleaned_data["comment"], by=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("De beoordeling is vastgelegd en de regio heeft bericht gekregen."))
    return redirect("monitoring:report-version", pk=version.pk)


# ---- national meetings and attendance -------------------------------------------------------------------------


@reviewer_required
def meetings(request):
    return render(request, "monitoring/meetings.html", {"meetings": selectors.meetings_with_counts()})


@reviewer_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, pk):
    """The support team records, per region, who came to a national meeting (one form for all regions)."""
    meeting = _found(selectors.national_meeting(pk))
    regions, existing = selectors.attendance_by_region(meeting)
    can_edit = permissions.can_keep_record(request.user)
    post = request.POST if request.method == "POST" and can_edit else None
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    rows = []
    for region in regions:
        a = existing.get(region.pk)
        initial = {"status": a.status, "attendees": a.attendees} if a else {}
        rows.append({"region": region, "form": AttendanceForm(post, prefix=f"r{region.pk}", initial=initial)})
    if post is not None:
        if all(row["form"].is_valid() for row in rows):
            changed = 0
            try:
                for row in rows:
                    data, old = row["form"].cleaned_data, existing.get(row["region"].pk)
                    if not data["status"]:
                        continue
                    if old and (old.status, old.attendees) == (data["status"], data["attendees"].strip()):
                        continue
                    services.attendance_record(
                        meeting=meeting,
                        region=row["region"],
                        status=data["status"],
                        attendees=data["attendees"],
                        by=request.user,
                    )
                    changed += 1
            except (ValidationError, PermissionDenied) as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("Deelname vastgelegd voor %(n)s regio's.") % {"n": changed})
                return redirect("monitoring:meeting", pk=meeting.pk)
        return render(
            request,
            "monitoring/meeting_attendance.html",
            {"meeting": meeting, "rows": rows, "can_edit": can_edit, "has_errors": True},
            status=422,
        )
    return render(
        request, "monitoring/meeting_attendance.html", {"meeting": meeting, "rows": rows, "can_edit": can_edit}
    )


# ---- a region: conversations, reports, attendance ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def region_detail(request, pk):
    region = _found(selectors.region(pk))
    check_region(request.user, region.pk)
    can_record = permissions.can_keep_record(request.user)
    form = ConversationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.conversation_record(
                    region=region,
                    held_on=data["held_on"],
                    participants=data["participants"],
                    agreements=data["agreements"],
                    follow_ups=form.follow_ups(),
                    by=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("Het gesprek is vastgelegd; de regio heeft bericht gekregen."))
                return redirect("monitoring:region", pk=region.pk)
    plan = selectors.monitored_plan(region)
    return render(
        request,
        "monitoring/region_detail.html",
        {
            "region": region,
            "plan": plan,
            "form": form if can_record else None,
            "can_keep_record": can_record,
            "can_build_dossier": permissions.can_see_dashboard(request.user),
            "has_errors": request.method == "POST",
            "conversations": selectors.conversations_for_region(region),
            "rows": selectors.region_reports(plan) if plan and plan.status == PlanStatus.GOEDGEKEURD else [],
            "attendance": selectors.attendance_for_region(
                region, on=clock.today(), round_=plan.round if plan else None
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@roles_required(*permissions.RECORD_KEEPERS)
@require_POST
def follow_up_complete(request, pk):
    follow_up = _found(selectors.follow_up(pk))
    services.follow_up_complete(follow_up=follow_up, by=request.user)
    messages.success(request, _("De vervolgactie is afgerond."))
    return redirect(reverse("monitoring:region", args=[follow_up.conversation.region_id]) + "#gesprekken")


# ---- the evaluation -------------------------------------------------------------------------------------------


@reviewer_required
def evaluations(request):
    from django.core.paginator import Paginator

    page = Paginator(selectors.evaluation_list(), 35).get_page(request.GET.get("pagina"))
    return render(request, "monitoring/evaluations.html", {"rows": page.object_list, "page": page})


@reviewer_required
@require_http_methods(["GET", "POST"])
def evaluation(request, pk):
    plan = _found(selectors.approved_plan(pk))
    context = selectors.evaluation_page(plan)
    is_ministry = permissions.can_evaluate(request.user)
    is_stuurgroep = permissions.can_advise(request.user)
    form = advice_form = None
    if is_ministry and context["evaluation"] is None:
        advice = context["advice"]
        initial = {"evaluated_on": clock.today()}
        if advice:
            initial |= {"good_progress": "ja" if advice.good_progress else "nee", "reasons": advice.reasons}
        form = EvaluationForm(request.POST if request.method == "POST" else None, initial=initial)
    if is_stuurgroep and context["advice"] is None:
        advice_form = ProgressAdviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if is_ministry and context["evaluation"] is not None and "evaluated_on" in request.POST:
            return _already_evaluated(request, plan)  # a second tab, opened before the first one saved
        bound = form or advice_form
        if bound is None:
            raise PermissionDenied
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                if form is not None:
                    services.evaluation_record(
                        plan=plan,
                        good_progress=data["good_progress"],
                        reasons=data["reasons"],
                        evaluated_on=data["evaluated_on"],
                        by=request.user,
                    )
                    messages.success(request, _("De evaluatie is vastgelegd; de regio krijgt de brief."))
                else:
                    meeting = selectors.latest_stuurgroep_meeting(on=clock.today())
                    services.progress_advice_record(
                        plan=plan,
                        good_progress=data["good_progress"],
                        reasons=data["reasons"],
                        meeting=meeting,
                        by=request.user,
                    )
                    messages.success(request, _("Het advies over de voortgang is vastgelegd."))
            except (ValidationError, PermissionDenied) as error:
                if getattr(error, "code", None) == "already_evaluated":
                    return _already_evaluated(request, plan)
                show_refusal(request, error)
            else:
                return redirect("monitoring:evaluation", pk=plan.pk)
        context["has_errors"] = True
    context |= {"form": form, "advice_form": advice_form, "can_keep_record": permissions.can_keep_record(request.user)}
    return render(request, "monitoring/evaluation.html", context, status=422 if request.method == "POST" else 200)


def _already_evaluated(request, plan):
    """The region was evaluated meanwhile: say so, link to that evaluation, and give back the text typed here."""
    logger.info("refused: second evaluation of plan %s by user %s (already_evaluated)", plan.pk, request.user.pk)
    context = selectors.evaluation_page(plan) | {
        "already_evaluated": True,
        "typed_reasons": request.POST.get("reasons", ""),
    }
    return render(request, "monitoring/evaluation.html", context, status=409)


@login_required
def evaluation_letter(request, pk):
    plan = _found(selectors.plan_with_region(pk))
    check_region(request.user, plan.region_id)
    ev = getattr(plan, "evaluation", None)
    if ev is None or not ev.letter:
        raise Http404
    return FileResponse(
        ev.letter.open("rb"),
        content_type="application/pdf",
        filename=f"evaluatie-{plan.region.name}.pdf",
        as_attachment=True,
    )


# ---- the national dashboard ----------------------------------------------------------------------------------

dashboard_roles = roles_required(*permissions.DASHBOARD_ROLES)


def _charts(figures):
    from django.utils.translation import gettext as t

    from pow_portal.money import format_euro

    from .dashboards import bar_chart

    totals = figures["totals"]
    return {
        "status": bar_chart(
            title=t("Plannen per status"),
            rows=figures["plans_per_status"],
            series=[("value", t("Aantal plannen"), "a")],
            desc=t("Aantal actieplannen per status; de tabel ernaast geeft dezelfde cijfers."),
        ),
        "matches": bar_chart(
            title=t("Matches tegenover de ambitie per regio"),
            rows=figures["matched"],
            label_key="region",
            series=[("ambition", t("Ambitie"), "a"), ("realised", t("Gerealiseerd"), "b")],
            desc=t("Totaal: %(r)s van %(a)s geambieerde matches gerealiseerd in %(n)s regio's.")
            % {"r": totals["realised"], "a": totals["ambition"], "n": totals["plans"]},
        ),
        "attendance": bar_chart(
            title=t("Aanwezige regio's per landelijke bijeenkomst"),
            rows=figures["attendance"],
            series=[("aanwezig", t("Aanwezig"), "a"), ("afgemeld", t("Afgemeld"), "b")],
            desc=t("Aantal regio's aanwezig en afgemeld per bijeenkomst."),
        ),
        "money": bar_chart(
            title=t("Betalingen per circulaire"),
            rows=figures["circulaires"],
            series=[("value", t("Bedrag"), "a")],
            fmt=format_euro,
            desc=t("Geplande bedragen per circulaire, in euro."),
        ),
    }


@dashboard_roles
def dashboard(request):
    from .dashboards import national_figures

    figures = national_figures(page=_page_number(request))
    return render(request, "monitoring/dashboard.html", {"f": figures, "charts": _charts(figures)})


def _page_number(request) -> int:
    try:
        return int(request.GET.get("pagina", 1))
    except ValueError:
        return 1


@dashboard_roles
def dashboard_export(request, fmt):
    from . import exports
    from .dashboards import national_figures

    if fmt not in ("csv", "xlsx"):
        raise Http404
    figures = national_figures()
    for page in range(2, figures["pages"] + 1):  # an export holds every region
        figures["regions"] += national_figures(page=page)["regions"]
    if fmt == "csv":
        body, content_type = exports.figures_csv(figures), "text/csv; charset=utf-8"
    else:
        body = exports.figures_xlsx(figures)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pow-dashboard-{clock.today():%Y-%m-%d}.{fmt}"'
    return response


# ---- the user's notifications in the portal ---------------------------------------------------------------------


@login_required
def inbox(request):
    from .inbox import notifications_for

    return render(request, "monitoring/inbox.html", {"notifications": notifications_for(request.user)})


@login_required
def inbox_open(request, pk):
    """Follow a notification to the thing it is about (only the user's own notifications)."""
    from .inbox import link_for

    notification = _found(selectors.own_notification(pk, request.user))
    return redirect(link_for(notification, request.user))


# ---- the national overview and the dossier: files built by a worker --------------------------------------------


@login_required
def overview(request):
    from .files import overview_rows

    return render(request, "monitoring/overview.html", {"rows": overview_rows()})


@login_required
@require_POST
def overview_pdf(request):
    from .files import overview_request

    export = overview_request(by=request.user)
    return redirect("monitoring:file", pk=export.pk)


@dashboard_roles
@require_POST
def dossier(request, pk):
    from .files import dossier_request

    region = _found(selectors.region(pk))
    export = dossier_request(region=region, by=request.user)
    return redirect("monitoring:file", pk=export.pk)


def _export_for(request, pk):
    from .files import DOSSIER_JOB

    export = _found(selectors.generated_file(pk))
    if export.kind == DOSSIER_JOB:
        if not permissions.can_see_dashboard(request.user):
            raise Http404
        export.region = selectors.region(export.payload.get("region_id"))
    return export


@login_required
def file_progress(request, pk):
    return render(request, "monitoring/file_progress.html", {"export": _export_for(request, pk)})


@login_required
def file_status(request, pk):
    export = _export_for(request, pk)
    response = render(request, "monitoring/includes/file_progress.html", {"export": export})
    if export.is_done and export.file:
        response["HX-Redirect"] = reverse("monitoring:file-download", args=[export.pk])
    return response


@login_required
def file_download(request, pk):
    export = _export_for(request, pk)
    if not (export.is_done and export.file):
        return redirect("monitoring:file", pk=export.pk)
    content_type = "application/zip" if export.file.name.endswith(".zip") else "application/pdf"
    name = export.file.name.rsplit("/", 1)[-1]
    return FileResponse(export.file.open("rb"), content_type=content_type, filename=name, as_attachment=True)
