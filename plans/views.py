"""Views of the plans app: thin; rules live in services, workflow, checklist and page_limits."""

import logging
import re
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pow_portal.constants import Role
from pow_portal.models import ProgrammeRound
from pow_portal.permissions import roles_required

from . import hooks, page_limits, selectors, services
from .constants import FileSlot, PlanStatus, Section
from .forms import DataForms, SectionTextForm, UploadForm, row_formset
from .gauge import gauge_for, poll_number
from .models import PlanSection
from .permissions import can_edit_plan, can_view_draft, get_draft_for, get_plan_for
from .printing import render_section_preview
from .richtext import clean_html
from .sections import ORDER, spec_for
from .snapshot import current_files, plan_snapshot
from .workflow import allowed_targets

logger = logging.getLogger(__name__)


def json_login_required(view):
    """Like login_required, but answers 401 JSON to background requests (the page keeps the text)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"error": "session_expired"}, status=401)
        return view(request, *args, **kwargs)

    return wrapper


@roles_required(Role.REGIO)
def start(request):
    """The region's start page: its plan and the round's dates."""
    return render(request, "pow_portal/start_regio.html", {"plan": selectors.plan_for_region(request.user.region)})


@roles_required(Role.REGIO)
@require_http_methods(["GET", "POST"])
def my_plan(request):
    """The region's plan; a GET never creates it: without one it offers "Begin", which posts here."""
    if request.method == "POST":
        plan = services.plan_get_or_create(region=request.user.region, round=ProgrammeRound.objects.current())
        return redirect("plans:plan-detail", pk=plan.pk)
    plan = selectors.plan_for_region(request.user.region)
    if plan is not None:
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_start.html")


@login_required
def plan_detail(request, pk):
    """The region's plan page (its working draft). Reviewers read the submitted versions on review's pages."""
    plan = get_draft_for(request.user, pk)
    extras = hooks.plan_extras(plan)
    overview = selectors.plan_overview(plan)
    for item in overview:
        item["comments"] = len(extras["comments"].get(item["key"], []))
    targets = allowed_targets(plan, request.user)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "overview": overview,
            "extras": extras,
            "changes_note": selectors.plan_changes_note(plan),
            "is_empty": not any(item["row"] and item["row"].version for item in overview),
            "can_edit": can_edit_plan(request.user, plan),
            "can_submit": PlanStatus.INGEDIEND in targets,
            "can_withdraw": PlanStatus.INGETROKKEN in targets,
            "versions": selectors.plan_versions(plan),
            "history": selectors.plan_history(plan),
        },
    )


def _gauge(request, row: PlanSection, limit=None, *, plan=None, poll: int = 0):
    limit = limit if limit is not None else page_limits.limit_for((plan or row.plan).round, row.section)
    return gauge_for(request, row, limit, poll=poll)


def _preview_html(plan, key) -> str:
    """The live print preview's starting markup: the stored section in the print template (limited sections)."""
    return render_section_preview(
        plan_snapshot(plan), key, file_url=lambda entry: reverse("plans:file-download", args=[plan.pk, entry["id"]])
    )


def _section_context(request, plan, row, text_form, data_forms, **extra):
    spec = spec_for(row.section)
    files = current_files(plan)
    index = ORDER.index(Section(row.section))
    gauge = _gauge(request, row, plan=plan)
    return {
        "preview_html": _preview_html(plan, row.section) if gauge else "",
        "comments": hooks.plan_extras(plan)["comments"].get(row.section, []),
        "plan": plan,
        "row": row,
        "spec": spec,
        "text_form": text_form,
        "data_forms": data_forms,
        "upload_forms": [UploadForm(slot=slot) for slot in spec.files],
        "files": {slot: files.get(slot) for slot in spec.files},
        "gauge": gauge,
        "can_edit": can_edit_plan(request.user, plan),
        "previous": ORDER[index - 1] if index > 0 else None,
        "next": ORDER[index + 1] if index + 1 < len(ORDER) else None,
        **extra,
    }


def _get_row(plan, key):
    row = selectors.plan_section(plan, key)
    if row is None:
        raise Http404
    return row


@login_required
@require_http_methods(["GET", "POST"])
def section_update(request, pk, key):
    plan = get_draft_for(request.user, pk)
    row = _get_row(plan, key)
    spec = spec_for(key)
    if request.method == "GET":
        text_form = SectionTextForm(
            spec=spec,
            initial={"expected_version": row.version, **{f"part_{k}": v for k, v in row.parts.items()}},
        )
        data_forms = DataForms(Section(key), row.data)
        return render(request, "plans/section_form.html", _section_context(request, plan, row, text_form, data_forms))

    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    text_form = SectionTextForm(request.POST, spec=spec)
    data_forms = DataForms(Section(key), row.data, post=request.POST)
    if not (text_form.is_valid() and data_forms.is_valid()):
        context = _section_context(request, plan, row, text_form, data_forms, has_errors=True)
        return render(request, "plans/section_form.html", context, status=422)
    try:
        saved = services.section_update(
            section=row,
            parts=text_form.parts() if spec.parts else None,
            data=data_forms.to_data() if data_forms else None,
            expected_version=text_form.cleaned_data["expected_version"],
            by=request.user,
        )
    except services.SectionConflict as conflict:
        return _conflict_response(request, plan, conflict.current, text_form, data_forms)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:plan-detail", pk=plan.pk)
    if saved.over_limit:
        messages.warning(
            request,
            _("Opgeslagen. Let op: %(verdict)s Uw tekst is bewaard; indienen kan pas als het past.")
            % {"verdict": saved.verdict.message},
        )
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect("plans:section-update", pk=plan.pk, key=key)


def _conflict_response(request, plan, current, text_form, data_forms):
    spec = spec_for(current.section)
    mine = text_form.parts() if spec.parts else {}
    parts = [
        {
            "label": part.label,
            "key": part.key,
            "mine": clean_html(mine.get(part.key, "")),
            "theirs": current.parts.get(part.key, ""),
        }
        for part in spec.parts
    ]
    context = {
        "plan": plan,
        "row": current,
        "spec": spec,
        "parts": parts,
        "post": request.POST,
        "mine_data": data_forms.to_data() if data_forms else {},
        "theirs_data": current.data,
    }
    return render(request, "plans/section_conflict.html", context, status=409)


@json_login_required
@require_POST
def section_autosave(request, pk, key):
    """Background save of the text parts while the user types; answers the gauge as HTML."""
    plan = get_plan_for(request.user, pk)
    row = _get_row(plan, key)
    if not can_edit_plan(request.user, plan):
        logger.info("refused: autosave by user %s on plan %s", request.user.pk, plan.pk)
        return JsonResponse({"error": "not_editable"}, status=403)
    spec = spec_for(key)
    text_form = SectionTextForm(request.POST, spec=spec)
    if not text_form.is_valid():
        return JsonResponse({"error": "invalid"}, status=400)
    try:
        saved = services.section_update(
            section=row,
            parts=text_form.parts(),
            expected_version=text_form.cleaned_data["expected_version"],
            by=request.user,
            measure_later=settings.POW_GAUGE_IN_WORKER,
            preview=_preview_figure(request.POST.get("preview_pages", "")),
        )
    except services.SectionConflict:
        return JsonResponse({"error": "conflict"}, status=409)
    except (ValidationError, PermissionDenied) as error:
        # The plan was submitted (or withdrawn) between the check above and the save: the browser keeps its copy.
        logger.info("autosave on plan %s refused under the lock: %s", plan.pk, getattr(error, "code", "denied"))
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return JsonResponse({"error": "not_editable", "message": message}, status=422)
    saved.section.refresh_from_db(fields=["pages", "pages_hash"])  # measured already when tasks run in-process
    response = render(
        request,
        "plans/includes/autosave_result.html",
        {"gauge": _gauge(request, saved.section, plan=plan), "row": saved.section},
    )
    response["X-Section-Version"] = str(saved.section.version)
    return response


def _preview_figure(value: str) -> str:
    """The browser preview's figure posted with the autosave ("1.42"), or "" when it is not a figure."""
    return value if re.fullmatch(r"\d{1,2}\.\d{1,2}", value) else ""


@json_login_required
def section_gauge(request, pk, key):
    """The gauge of the stored text, polled while its measure is on its way (``poll``: how many times so far).

    The poll never lays the text out itself (that would double the work exactly when the workers are behind):
    a measure missing for ``POW_GAUGE_REQUEUE_SECONDS`` is queued again.
    """
    plan = get_draft_for(request.user, pk)
    row = _get_row(plan, key)
    limit = page_limits.limit_for(plan.round, row.section)
    if limit is not None:
        services.measure_requeue(row, after_seconds=settings.POW_GAUGE_REQUEUE_SECONDS)
    gauge = _gauge(request, row, limit, poll=poll_number(request))
    return render(request, "plans/includes/gauge.html", {"gauge": gauge, "row": row, "plan": plan})


@login_required
@require_GET
def section_row(request, pk, key):
    """One empty row of the parties or instruments table, added in place by htmx ("Regel toevoegen")."""
    plan = get_draft_for(request.user, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    try:
        formset = row_formset(Section(key))
        index = int(request.GET.get("index", ""))
    except ValueError as exc:
        raise Http404 from exc
    if formset is None or not 0 <= index < 500:
        raise Http404
    row_form = formset.form(prefix=formset.add_prefix(index), empty_permitted=True, use_required_attribute=False)
    return render(request, "plans/includes/row_form.html", {"row_form": row_form, "n": index + 1, "added": True})


@login_required
@require_POST
def file_upload(request, pk, slot):
    plan = get_draft_for(request.user, pk)
    if slot not in FileSlot.values:
        raise Http404
    key = services.SLOT_SECTION[FileSlot(slot)]
    form = UploadForm(request.POST, request.FILES, slot=FileSlot(slot))
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.file_upload(plan=plan, slot=slot, uploaded=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het bestand is opgeslagen."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("plans:section-update", args=[plan.pk, key.value]) + f"#upload-{slot}")


@login_required
def file_download(request, pk, file_id):
    plan = get_plan_for(request.user, pk)
    plan_file = selectors.plan_file(plan, file_id)
    if plan_file is None:
        raise Http404
    if not can_view_draft(request.user, plan) and plan_file.sha256 not in selectors.submitted_file_hashes(plan):
        raise Http404  # reviewers see files that are part of a submitted version only
    # Always a download, never shown inline: an uploaded file never runs in the portal's origin.
    response = FileResponse(
        plan_file.file.open("rb"),
        content_type=plan_file.content_type,
        filename=plan_file.original_name,
        as_attachment=True,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def plan_checklist(request, pk):
    plan = get_draft_for(request.user, pk)
    missing, _snapshot = services.plan_missing(plan)
    context = {"plan": plan, "missing": missing, "by_section": _by_section(missing)}
    return render(request, "plans/checklist.html", context)


def _by_section(missing):
    """[(section, [items])] in framework order."""
    grouped = {}
    for item in missing:
        grouped.setdefault(item.section, []).append(item)
    return [(key, grouped[key.value]) for key in ORDER if key.value in grouped]


@login_required
@require_http_methods(["GET", "POST"])
def plan_submit(request, pk):
    plan = get_draft_for(request.user, pk)
    if request.method == "GET":
        missing, _snapshot = services.plan_missing(plan)
        return render(
            request,
            "plans/submit_confirm.html",
            {
                "plan": plan,
                "missing": missing,
                "by_section": _by_section(missing),
                "can_submit": PlanStatus.INGEDIEND in allowed_targets(plan, request.user),
            },
        )
    try:
        version = services.plan_submit(plan=plan, by=request.user, expected_status=request.POST.get("expected_status"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if error.code == "incomplete":
            return redirect("plans:checklist", pk=plan.pk)
        return redirect("plans:plan-detail", pk=plan.pk)
    messages.success(
        request,
        _("Versie %(n)s van uw actieplan is ingediend. Het ondersteuningsteam heeft bericht gekregen.")
        % {"n": version.number},
    )
    return redirect("plans:plan-detail", pk=plan.pk)


@login_required
@require_POST
def plan_withdraw(request, pk):
    plan = get_draft_for(request.user, pk)
    try:
        services.plan_withdraw(
            plan=plan, by=request.user, reason=request.POST.get("reason", ""),
            expected_status=request.POST.get("expected_status"),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het plan is ingetrokken."))
    return redirect("plans:plan-detail", pk=plan.pk)


def _version(request, pk, number):
    plan = get_plan_for(request.user, pk)
    version = selectors.plan_version(plan, number)
    if version is None:
        raise Http404
    return plan, version


@login_required
def version_pdf(request, pk, number):
    plan, version = _version(request, pk, number)
    if not version.pdf:
        return render(request, "plans/version_pdf_wait.html", {"plan": plan, "version": version})
    filename = f"actieplan-{plan.region.name}-versie-{version.number}.pdf"
    return FileResponse(version.pdf.open("rb"), content_type="application/pdf", filename=filename, as_attachment=True)


@login_required
def version_pdf_status(request, pk, number):
    plan, version = _version(request, pk, number)
    if version.pdf:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("plans:version-pdf", args=[plan.pk, version.number])
        return response
    return render(request, "plans/includes/pdf_progress.html", {"plan": plan, "version": version})
