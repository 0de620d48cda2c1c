"""Views of the review app: thin; the rules live in review.services and plans.workflow."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans.constants import PlanStatus
from plans.permissions import can_view_draft, get_plan_for
from plans.printing import section_context
from plans.sections import ORDER
from plans.selectors import plan_history
from plans.workflow import ERROR_ADVICE_FIRST, allowed_targets, states_waiting_for
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.models import ProgrammeRound
from pow_portal.pagination import paginate
from pow_portal.permissions import REVIEWER_ROLES, has_role, role_check, roles_required
from pow_portal.refusals import show_refusal

from . import selectors, services
from .constants import DecisionKind
from .forms import AdviceForm, AgendaForm, CheckItemForm, CommentForm, DecisionForm, MeetingForm, RequestChangesForm

logger = logging.getLogger(__name__)

reviewer_required = roles_required(*REVIEWER_ROLES)


def _found(obj):
    if obj is None:
        raise Http404
    return obj


_START_TEMPLATES = {
    Role.ONDERSTEUNINGSTEAM: "pow_portal/start_ondersteuningsteam.html",
    Role.STUURGROEP: "pow_portal/start_stuurgroep.html",
    Role.MINISTERIE: "pow_portal/start_ministerie.html",
}


@reviewer_required
def start(request):
    """Start page of the support team, the stuurgroep and the ministry: what waits for them."""
    waiting = states_waiting_for(request.user.role)
    counts = dict(selectors.status_counts())
    return render(
        request,
        _START_TEMPLATES[request.user.role],
        {
            "waiting": [(status, counts.get(status, 0)) for status in waiting],
            "waiting_total": sum(counts.get(status, 0) for status in waiting),
            "counts": counts,
        },
    )


@reviewer_required
def queue(request):
    status = request.GET.get("status") or None
    sort = request.GET.get("sort", "ingediend")
    descending = request.GET.get("richting") == "af"
    page = paginate(request, selectors.plan_queue(status=status, sort=sort, descending=descending))
    return render(
        request,
        "review/queue.html",
        {
            "rows": selectors.queue_rows(page),
            "page": page,
            "counts": selectors.status_counts(),
            "status": status,
            "sort": sort,
            "descending": descending,
        },
    )


def _item_form(item):
    """The reviewer's form for one item, starting from their judgement or else the portal's proposal."""
    value = item.confirmed if item.confirmed is not None else item.prefilled
    initial = {"confirmed": "ja" if value else "nee", "note": item.note}
    return CheckItemForm(prefix=f"item{item.pk}", initial=initial)


@reviewer_required
def plan_review(request, pk):
    plan = get_plan_for(request.user, pk)
    versions = selectors.plan_versions_newest_first(plan)
    version = versions[0]
    check = selectors.version_check(version)
    comments = selectors.plan_comments_by_section(plan, version)
    sections = [
        {**section_context(version.content, key.value), "comments": comments.get(key.value, [])} for key in ORDER
    ]
    targets = allowed_targets(plan, request.user)
    reviewing = PlanStatus.AANVULLING_GEVRAAGD in targets  # the support team's moves while it reviews
    items = [(item, _item_form(item)) for item in check.items.all()] if check else []
    return render(
        request,
        "review/plan_review.html",
        {
            "plan": plan,
            "version": version,
            "versions": versions,
            "check": check,
            "items": items,
            "open_items": sum(1 for item, _form in items if item.confirmed is None),
            "sections": sections,
            "targets": targets,
            "reviewing": reviewing,
            "comment_form": CommentForm(),
            "changes_form": RequestChangesForm(),
            "history": plan_history(plan),
            "decision": selectors.plan_decision(plan),
        },
    )


_MOVES = {
    PlanStatus.IN_BEOORDELING: lambda plan, by, post: services.review_start(plan=plan, by=by),
    PlanStatus.AANVULLING_GEVRAAGD: lambda plan, by, post: services.review_request_changes(
        plan=plan, by=by, note=post.get("note", "")
    ),
    PlanStatus.VOLLEDIG: lambda plan, by, post: services.review_mark_complete(plan=plan, by=by),
}
_MOVE_DONE = {
    PlanStatus.IN_BEOORDELING: _("De beoordeling is gestart."),
    PlanStatus.AANVULLING_GEVRAAGD: _("Het plan is teruggestuurd voor aanvulling."),
    PlanStatus.VOLLEDIG: _("Het plan is volledig en gaat naar de stuurgroep."),
}


@reviewer_required
@require_POST
def plan_move(request, pk, target):
    plan = get_plan_for(request.user, pk)
    if target not in _MOVES:
        raise Http404
    try:
        _MOVES[target](plan, request.user, request.POST)
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
    else:
        messages.success(request, _MOVE_DONE[target])
    return redirect("review:plan", pk=plan.pk)


@reviewer_required
@require_POST
def check_item_update(request, pk, item_id):
    plan = get_plan_for(request.user, pk)
    item = _found(selectors.plan_check_item(plan, item_id))
    form = CheckItemForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.check_item_decide(
                item=item, confirmed=form.cleaned_data["confirmed"], note=form.cleaned_data["note"], by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Oordeel vastgelegd: %(item)s.") % {"item": item.get_key_display()})
    else:
        messages.error(request, _("Kies akkoord of niet akkoord."))
    return redirect(f"{request.path.rsplit('/toets/', 1)[0]}/#item-{item.pk}")


@reviewer_required
@require_POST
def check_confirm_proposals(request, pk):
    """Confirm every still open item as the portal proposed it, after reading them; each stays overridable."""
    plan = get_plan_for(request.user, pk)
    try:
        confirmed = services.check_confirm_proposals(plan=plan, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
    else:
        message = _("%(n)s voorstellen bevestigd. U kunt elk oordeel nog aanpassen met een toelichting.")
        messages.success(request, message % {"n": len(confirmed)})
    return redirect("review:plan", pk=plan.pk)


@reviewer_required
@require_POST
def comment_create(request, pk):
    plan = get_plan_for(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(plan=plan, section=form.cleaned_data["section"], text=form.cleaned_data["text"],
                                 by=request.user)  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Opmerking geplaatst."))
    else:
        messages.error(request, _("Kies een onderdeel en schrijf een opmerking."))
    return redirect("review:plan", pk=plan.pk)


@reviewer_required
def version_diff(request, pk):
    plan = get_plan_for(request.user, pk)
    versions = selectors.plan_versions_newest_first(plan)[::-1]
    if len(versions) < 2:
        messages.info(request, _("Er is nog maar één versie."))
        return redirect("review:plan", pk=plan.pk)
    numbers = {v.number: v for v in versions}
    try:
        old = numbers[int(request.GET.get("van", versions[-2].number))]
        new = numbers[int(request.GET.get("naar", versions[-1].number))]
    except (KeyError, ValueError) as exc:
        raise Http404 from exc
    return render(
        request,
        "review/diff.html",
        {"plan": plan, "old": old, "new": new, "versions": versions, "diff": selectors.version_diff(old, new)},
    )


@login_required
def decision_letter(request, pk):
    plan = get_plan_for(request.user, pk)  # the region's own users and the reviewers; nobody else
    decision = selectors.plan_decision(plan)
    if decision is None:
        raise Http404
    if not decision.letter:
        messages.info(request, _("De besluitbrief wordt gemaakt. Probeer het over een minuut opnieuw."))
        return redirect("plans:plan-detail" if can_view_draft(request.user, plan) else "review:plan", pk=plan.pk)
    return FileResponse(
        decision.letter.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"besluitbrief-{plan.region.name}.pdf",
    )


@roles_required(Role.STUURGROEP, Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM)
@require_http_methods(["GET", "POST"])
def meetings(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        role_check(request.user, Role.STUURGROEP)
        if form.is_valid():
            try:
                meeting = services.meeting_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("date", error)
            else:
                messages.success(request, _("Vergadering toegevoegd."))
                return redirect("review:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "review/meetings.html",
        {
            "meetings": selectors.meetings(),
            "form": form,
            "complete_count": selectors.plans_in_state(PlanStatus.VOLLEDIG).count(),
            "can_plan": has_role(request.user, Role.STUURGROEP),
        },
    )


@roles_required(Role.STUURGROEP, Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM)
@require_http_methods(["GET", "POST"])
def meeting_detail(request, meeting_id):
    meeting = _found(selectors.meeting(meeting_id))
    # (pk, region name) pairs: the select offers every complete plan, without making a model object per plan.
    complete = list(selectors.plans_in_state(PlanStatus.VOLLEDIG).values_list("pk", "region__name"))
    form = AgendaForm(request.POST or None, plans=complete)
    if request.method == "POST":
        role_check(request.user, Role.STUURGROEP)
        if form.is_valid():
            plan = get_plan_for(request.user, form.cleaned_data["plan"])
            try:
                services.agenda_add(meeting=meeting, plan=plan, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("%(region)s staat op de agenda.") % {"region": plan.region.name})
            return redirect("review:meeting", meeting_id=meeting.pk)
    agenda = paginate(request, selectors.meeting_agenda(meeting).order_by("added_at", "pk"), per_page=10)
    for item in agenda:  # the advice form shows where the workflow allows the move, for this user
        item.can_advise = PlanStatus.GEADVISEERD in allowed_targets(item.version.plan, request.user)
    return render(
        request,
        "review/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "form": form,
            "complete": complete,
            "advice_form": AdviceForm(initial={"advised_on": min(meeting.date, clock.today())}),
            "can_plan": has_role(request.user, Role.STUURGROEP),
        },
    )


@roles_required(Role.STUURGROEP)
@require_POST
def advice_create(request, meeting_id, pk):
    meeting = _found(selectors.meeting(meeting_id))
    plan = get_plan_for(request.user, pk)
    form = AdviceForm(request.POST)
    if form.is_valid():
        try:
            services.advice_record(plan=plan, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Advies vastgelegd voor %(region)s.") % {"region": plan.region.name})
    else:
        messages.error(request, _("Kies een advies, vul de datum in en geef de motivering."))
    return redirect("review:meeting", meeting_id=meeting.pk)


@roles_required(Role.MINISTERIE)
def decisions(request):
    advised = paginate(request, selectors.plans_to_decide(), per_page=10)
    today = clock.today()
    rows = [
        {**row, "form": DecisionForm(prefix=row["plan"].pk, initial={"decided_on": today})}
        for row in selectors.decision_rows(advised)
    ]
    return render(
        request,
        "review/decisions.html",
        {
            "rows": rows,
            "advised": advised,
            "waiting": paginate(
                request, selectors.plans_awaiting_advice().order_by("region__name", "pk"), per_page=10, param="wachtend"
            ),  # fmt: skip
            "advice_first": ERROR_ADVICE_FIRST,
            "decided": paginate(request, selectors.decided().order_by("-decided_on", "-pk"), param="besloten"),
        },
    )


@roles_required(Role.MINISTERIE)
@require_POST
def decision_create(request, pk):
    plan = get_plan_for(request.user, pk)
    form = DecisionForm(request.POST, prefix=plan.pk)
    if form.is_valid():
        try:
            services.decision_record(plan=plan, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(request, error)
        else:
            kind = DecisionKind(form.cleaned_data["kind"]).label.lower()
            messages.success(request, _("Besluit (%(kind)s) vastgelegd voor %(region)s.") % {"kind": kind,
                             "region": plan.region.name})  # fmt: skip
    else:
        messages.error(request, _("Vul besluit, datum en kenmerk in."))
    return redirect("review:decisions")


@roles_required(Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM)
@require_http_methods(["GET", "POST"])
def pending(request):
    """ "Wacht op verwerking": letters, PDFs, mails and payments the portal has not finished, with their age."""
    if request.method == "POST":
        offered = services.pending_work_retry(by=request.user)
        messages.success(request, _("%(n)s onderdelen opnieuw aangeboden voor verwerking.") % {"n": offered})
        return redirect("review:pending")
    work = selectors.pending_work(ProgrammeRound.objects.current())
    return render(
        request, "review/pending.html", {"work": work, "can_choose_circulaire": has_role(request.user, Role.MINISTERIE)}
    )
