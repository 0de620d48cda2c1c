"""Views of the review app: thin; the rules live in review.services and plans.workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from plans.permissions import REVIEWER_ROLES, get_plan_for
from plans.printing import section_context
from plans.sections import ORDER
from plans.workflow import allowed_targets
from pow_portal.constants import Role
from pow_portal.decorators import roles_required
from pow_portal.pagination import paginate

from . import selectors, services
from .constants import DecisionKind
from .forms import AdviceForm, AgendaForm, CheckItemForm, CommentForm, DecisionForm, MeetingForm, RequestChangesForm
from .models import CheckItem, CompletenessCheck, Decision, StuurgroepMeeting

reviewer_required = roles_required(*REVIEWER_ROLES)


def _fail(request, error):
    messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))


_START_TEMPLATES = {
    Role.ONDERSTEUNINGSTEAM: "pow_portal/start_ondersteuningsteam.html",
    Role.STUURGROEP: "pow_portal/start_stuurgroep.html",
    Role.MINISTERIE: "pow_portal/start_ministerie.html",
}


@reviewer_required
def start(request):
    """Start page of the support team, the stuurgroep and the ministry: what waits for them."""
    waiting = {
        Role.ONDERSTEUNINGSTEAM: [PlanStatus.INGEDIEND, PlanStatus.IN_BEOORDELING],
        Role.STUURGROEP: [PlanStatus.VOLLEDIG, PlanStatus.GEAGENDEERD],
        Role.MINISTERIE: [PlanStatus.GEADVISEERD],
    }[request.user.role]
    counts = dict(selectors.status_counts())
    return render(
        request,
        _START_TEMPLATES[request.user.role],
        {"waiting": [(status, counts.get(status, 0)) for status in waiting], "counts": counts},
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
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("-number"))
    version = versions[0]
    check = CompletenessCheck.objects.filter(version=version).prefetch_related("items").first()
    comments = {}
    for comment in version.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    sections = [
        {**section_context(version.content, key.value), "comments": comments.get(key.value, [])} for key in ORDER
    ]
    targets = allowed_targets(plan, request.user)
    reviewing = plan.status == PlanStatus.IN_BEOORDELING and request.user.role == Role.ONDERSTEUNINGSTEAM
    return render(
        request,
        "review/plan_review.html",
        {
            "plan": plan,
            "version": version,
            "versions": versions,
            "check": check,
            "items": [(item, _item_form(item)) for item in check.items.all()] if check else [],
            "sections": sections,
            "targets": targets,
            "reviewing": reviewing,
            "comment_form": CommentForm(),
            "changes_form": RequestChangesForm(),
            "history": plan.status_changes.select_related("by").order_by("-at", "-id"),
            "decision": Decision.objects.filter(plan=plan).first(),
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
        _fail(request, error)
    else:
        messages.success(request, _MOVE_DONE[target])
    return redirect("review:plan", pk=plan.pk)


@reviewer_required
@require_POST
def check_item_update(request, pk, item_id):
    plan = get_plan_for(request.user, pk)
    item = get_object_or_404(CheckItem, pk=item_id, completeness__version__plan=plan)
    form = CheckItemForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.check_item_decide(
                item=item, confirmed=form.cleaned_data["confirmed"], note=form.cleaned_data["note"], by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            _fail(request, error)
        else:
            messages.success(request, _("Oordeel vastgelegd: %(item)s.") % {"item": item.get_key_display()})
    else:
        messages.error(request, _("Kies akkoord of niet akkoord."))
    return redirect(f"{request.path.rsplit('/toets/', 1)[0]}/#item-{item.pk}")


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
            _fail(request, error)
        else:
            messages.success(request, _("Opmerking geplaatst."))
    else:
        messages.error(request, _("Kies een onderdeel en schrijf een opmerking."))
    return redirect("review:plan", pk=plan.pk)


@reviewer_required
def version_diff(request, pk):
    plan = get_plan_for(request.user, pk)
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
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
    plan = get_plan_for(request.user, pk)
    decision = get_object_or_404(Decision, plan=plan)
    if request.user.role not in (Role.REGIO, Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP):
        raise PermissionDenied
    if not decision.letter:
        messages.info(request, _("De besluitbrief wordt gemaakt. Probeer het over een minuut opnieuw."))
        return redirect("plans:plan-detail", pk=plan.pk)
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
        if request.user.role != Role.STUURGROEP:
            raise PermissionDenied
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
        },
    )


@roles_required(Role.STUURGROEP, Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM)
@require_http_methods(["GET", "POST"])
def meeting_detail(request, meeting_id):
    meeting = get_object_or_404(StuurgroepMeeting, pk=meeting_id)
    # (pk, region name) pairs: the select offers every complete plan, without making a model object per plan.
    complete = list(selectors.plans_in_state(PlanStatus.VOLLEDIG).values_list("pk", "region__name"))
    form = AgendaForm(request.POST or None, plans=complete)
    if request.method == "POST":
        if request.user.role != Role.STUURGROEP:
            raise PermissionDenied
        if form.is_valid():
            plan = get_object_or_404(Plan, pk=form.cleaned_data["plan"])
            try:
                services.agenda_add(meeting=meeting, plan=plan, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                _fail(request, error)
            else:
                messages.success(request, _("%(region)s staat op de agenda.") % {"region": plan.region.name})
            return redirect("review:meeting", meeting_id=meeting.pk)
    agenda = paginate(
        request,
        meeting.agenda.select_related("version__plan__region", "version__advice").order_by("added_at", "pk"),
        per_page=10,
    )
    return render(
        request,
        "review/meeting_detail.html",
        {"meeting": meeting, "agenda": agenda, "form": form, "complete": complete, "advice_form": AdviceForm()},
    )


@roles_required(Role.STUURGROEP)
@require_POST
def advice_create(request, meeting_id, pk):
    meeting = get_object_or_404(StuurgroepMeeting, pk=meeting_id)
    plan = get_plan_for(request.user, pk)
    form = AdviceForm(request.POST)
    if form.is_valid():
        try:
            services.advice_record(plan=plan, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _fail(request, error)
        else:
            messages.success(request, _("Advies vastgelegd voor %(region)s.") % {"region": plan.region.name})
    else:
        messages.error(request, _("Kies een advies en geef de motivering."))
    return redirect("review:meeting", meeting_id=meeting.pk)


@roles_required(Role.MINISTERIE)
def decisions(request):
    advised = paginate(
        request, selectors.plans_in_state(PlanStatus.GEADVISEERD).prefetch_related("versions__advice"), per_page=10
    )
    rows = []
    for plan in advised:
        version = max(plan.versions.all(), key=lambda v: v.number)
        rows.append({"plan": plan, "advice": getattr(version, "advice", None), "form": DecisionForm(prefix=plan.pk)})
    decided = paginate(
        request, Decision.objects.select_related("plan__region").order_by("-decided_on", "-pk"), param="besloten"
    )
    return render(request, "review/decisions.html", {"rows": rows, "advised": advised, "decided": decided})


@roles_required(Role.MINISTERIE)
@require_POST
def decision_create(request, pk):
    plan = get_plan_for(request.user, pk)
    form = DecisionForm(request.POST, prefix=plan.pk)
    if form.is_valid():
        try:
            services.decision_record(plan=plan, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _fail(request, error)
        else:
            kind = DecisionKind(form.cleaned_data["kind"]).label.lower()
            messages.success(request, _("Besluit (%(kind)s) vastgelegd voor %(region)s.") % {"kind": kind,
                             "region": plan.region.name})  # fmt: skip
    else:
        messages.error(request, _("Vul besluit, datum en kenmerk in."))
    return redirect("review:decisions")
