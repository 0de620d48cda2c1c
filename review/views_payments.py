"""The ministry's payment lists per circulaire: exports, locking and corrections."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.decorators import roles_required
from pow_portal.models import ProgrammeRound
from pow_portal.money import format_euro

from . import payments, selectors
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
            "waiting": selectors.payments_waiting(round_),
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
    lists = selectors.circulaire_list(circulaire)
    open_others = Circulaire.objects.filter(round=circulaire.round, status=CirculaireStatus.OPEN).exclude(pk=pk)
    everything = lists["reserved"] + lists["confirmed"]
    return render(
        request,
        "review/circulaire_detail.html",
        {
            "circulaire": circulaire,
            "days_left": (circulaire.bzk_deadline - clock.today()).days,
            "reserved": lists["reserved"],
            "confirmed": lists["confirmed"],
            "reserved_total": format_euro(sum(p.amount for p in lists["reserved"])),
            "confirmed_total": format_euro(sum(p.amount for p in lists["confirmed"])),
            "total": format_euro(sum(p.amount for p in everything)),
            "count": len(everything),
            "move_form": PaymentMoveForm(circulaires=open_others) if open_others else None,
            "cancel_form": PaymentCancelForm(),
            "exports": circulaire.exports.all(),
            "formats": ExportFormat,
        },
    )


@ministry_required
def circulaire_download(request, pk, fmt):
    circulaire = get_object_or_404(Circulaire, pk=pk)
    if fmt not in ExportFormat.values:
        raise Http404
    content, sha256 = circulaire_export(circulaire, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[ExportFormat(fmt)])
    slug = circulaire.name.lower().replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="betaallijst-{slug}.{fmt}"'
    response["X-Content-SHA256"] = sha256
    return response


@ministry_required
@require_POST
def circulaire_lock(request, pk):
    circulaire = get_object_or_404(Circulaire, pk=pk)
    try:
        payments.circulaire_lock(circulaire=circulaire, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
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
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return back
