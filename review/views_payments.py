"""The ministry's payment lists per circulaire: exports, locking and corrections."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.models import Job, JobState, ProgrammeRound
from pow_portal.money import format_euro
from pow_portal.pagination import paginate
from pow_portal.permissions import roles_required
from pow_portal.refusals import show_refusal

from . import exports, payments, selectors
from .constants import CirculaireStatus, ExportFormat
from .exports import CONTENT_TYPES, circulaire_export
from .forms_payments import PaymentCancelForm, PaymentMoveForm
from .models import Circulaire, Payment

ministry_required = roles_required(Role.MINISTERIE)


@ministry_required
def circulaires(request):
    round_ = ProgrammeRound.objects.current()
    used = {year: payments.budget_used(round_, year) for year in (round_.starts_on.year, round_.starts_on.year + 1)}
    return render(
        request,
        "review/circulaires.html",
        {
            "rows": selectors.circulaire_overview(round_),
            "waiting": paginate(
                request, selectors.payments_waiting(round_).order_by("region__name", "pk"), param="wachtend"
            ),  # fmt: skip
            "budget": [
                (year, format_euro(amount), format_euro(round_.yearly_budget - amount)) for year, amount in used.items()
            ],
            "round": round_,
            "move_form": PaymentMoveForm(
                circulaires=Circulaire.objects.filter(round=round_, status=CirculaireStatus.OPEN)
            ),
        },
    )


@ministry_required
def circulaire_detail(request, pk):
    circulaire = get_object_or_404(Circulaire, pk=pk)
    page = paginate(request, selectors.circulaire_list(circulaire))
    totals = selectors.circulaire_totals(circulaire)
    open_others = Circulaire.objects.filter(round=circulaire.round, status=CirculaireStatus.OPEN).exclude(pk=pk)
    return render(
        request,
        "review/circulaire_detail.html",
        {
            "circulaire": circulaire,
            "days_left": (circulaire.bzk_deadline - clock.today()).days,
            "page": page,
            "reserved": [p for p in page if p.is_reserved],
            "confirmed": [p for p in page if not p.is_reserved],
            "totals": totals,
            # The same two forms on every row: rendered once, not once per row.
            # Each with ids of its own (both have a "reason"); |row_ids prefixes them per row.
            "move_form": (
                as_crispy_form(PaymentMoveForm(circulaires=open_others, auto_id="id_paymentmoveform_%s"))
                if open_others
                else None
            ),
            "cancel_form": as_crispy_form(PaymentCancelForm(auto_id="id_paymentcancelform_%s")),
            "exports": circulaire.exports.all(),
            "files_job": exports.list_files_job(circulaire) if circulaire.is_locked else None,
            "formats": ExportFormat,
        },
    )


@ministry_required
def circulaire_download(request, pk, fmt):
    circulaire = get_object_or_404(Circulaire, pk=pk)
    if fmt not in ExportFormat.values:
        raise Http404
    if not circulaire.is_locked and exports.export_is_large(circulaire):
        job = exports.export_job_request(circulaire=circulaire, fmt=fmt, by=request.user)
        return redirect("review:export-job", pk=job.pk)
    if circulaire.is_locked and not circulaire.exports.filter(format=fmt).exists():
        job = exports.list_files_job(circulaire)
        if job is None:  # locked before its files were jobs: nothing will make them
            raise Http404
        return redirect("review:export-job", pk=job.pk)  # still being made after the lock: its progress
    content, sha256 = circulaire_export(circulaire, fmt)
    return _attachment(content, sha256, circulaire, fmt)


def _attachment(content: bytes, sha256: str, circulaire, fmt) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[ExportFormat(fmt)])
    slug = circulaire.name.lower().replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="betaallijst-{slug}.{fmt}"'
    response["X-Content-SHA256"] = sha256
    return response


def _export_job(pk, **filters):
    """A large export's job, or the job making a locked list's files (``format_label`` empty)."""
    job = get_object_or_404(Job, pk=pk, kind__in=[exports.EXPORT_JOB, exports.LIST_FILES_JOB], **filters)
    job.circulaire = get_object_or_404(Circulaire, pk=job.payload.get("circulaire_id"))
    job.format_label = ExportFormat(job.payload["format"]).label if "format" in job.payload else ""
    return job


@ministry_required
def export_job(request, pk):
    """A large export being made by a worker: its progress (polled by htmx), then the download."""
    job = _export_job(pk)
    template = "review/includes/export_progress.html" if request.headers.get("HX-Request") else "review/export_job.html"
    return render(request, template, {"job": job})


@ministry_required
def export_job_download(request, pk):
    job = _export_job(pk, state=JobState.DONE, kind=exports.EXPORT_JOB)
    with job.file.open("rb") as f:
        return _attachment(f.read(), job.sha256, job.circulaire, job.payload["format"])


@ministry_required
@require_POST
def circulaire_lock(request, pk):
    circulaire = get_object_or_404(Circulaire, pk=pk)
    try:
        payments.circulaire_lock(circulaire=circulaire, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("De betaallijst van %(name)s is vastgesteld.") % {"name": circulaire.name})
    return redirect("review:circulaire", pk=circulaire.pk)


@ministry_required
@require_POST
def payment_correct(request, pk, action):
    payment = get_object_or_404(Payment, pk=pk)
    back = (
        redirect("review:circulaire", pk=payment.circulaire_id)
        if payment.circulaire_id
        else redirect("review:circulaires")
    )
    try:
        if action == "verplaatsen":
            others = Circulaire.objects.filter(round=payment.round, status=CirculaireStatus.OPEN)
            form = PaymentMoveForm(request.POST, circulaires=others)
            if not form.is_valid():
                raise ValidationError(_("Kies een open circulaire en geef de reden."))
            to = get_object_or_404(Circulaire, pk=form.cleaned_data["to"])
            payments.payment_move(payment=payment, to=to, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("Betaling verplaatst naar %(name)s.") % {"name": to.name})
        elif action == "annuleren":
            form = PaymentCancelForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Geef de reden van annuleren."))
            payments.payment_cancel(payment=payment, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, _("Betaling geannuleerd."))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
    return back
