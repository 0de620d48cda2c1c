"""The decision letter: the ministry's editable template, filled from the plan and rendered to PDF once."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format

from plans.constants import Section
from pow_portal.money import format_euro
from pow_portal.pdf import render_to_pdf
from pow_portal.storage import files_removed_on_rollback

from .models import Decision, LetterTemplate
from .payments import payment_for_decision

TUSSENVOEGSELS = {"van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "von", "la", "le", "du"}


def surname(name: str) -> str:
    """ "J. van Bree" → "Van Bree"; "Jan de Vries" → "De Vries": the name as Dutch letters address it."""
    words = [w for w in name.split() if not w.endswith(".")]
    if len(words) > 1 and words[0].lower() not in TUSSENVOEGSELS:
        words = words[1:]  # a given name
    if not words:
        return name.strip()
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def salutation(person: dict) -> str:
    """ "heer Van Bree", "mevrouw De Vries" or "heer/mevrouw J. van Bree" (seed 004: "Geachte heer Van Bree,")."""
    name = (person.get("name") or "").strip()
    if not name:
        return "wethouder"
    title = {"heer": "heer", "mevrouw": "mevrouw"}.get(person.get("salutation") or "")
    return f"{title} {surname(name)}" if title else f"heer/mevrouw {name}"


def letter_context(decision: Decision) -> dict:
    plan, version = decision.plan, decision.version
    signatories = (version.content["sections"][Section.ONDERTEKENING]["data"].get("signatories") or []) + [{}, {}]
    # The circulaire of the payment the approval confirmed: the letter never names another than the list.
    payment = payment_for_decision(decision) if decision.kind == "goedkeuring" else None
    circulaire = payment.circulaire if payment else None
    return {
        "region": plan.region.name,
        "centrumgemeente": plan.region.centrumgemeente,
        "wethouder": salutation(signatories[0]),  # the templates say "Geachte {{ wethouder }},"
        "attention": signatories[0].get("name") or "de wethouder werk en inkomen",
        "werkgever": ", ".join(x for x in (signatories[1].get("name"), signatories[1].get("organisation")) if x),
        "submitted_on": date_format(timezone.localtime(version.submitted_at).date(), "j F Y"),
        "decided_on": date_format(decision.decided_on, "j F Y"),
        "term_ends_on": date_format(decision.term_ends_on, "j F Y") if decision.term_ends_on else "",
        "reference": decision.reference,
        # The amount on the list, not the round's editable amount per tranche (changed later in Beheer).
        "amount": format_euro(payment.amount if payment else plan.round.amount_per_tranche),
        "circulaire": circulaire.name.lower() if circulaire else "eerstvolgende circulaire",
    }


def letter_text(decision: Decision) -> tuple[str, str]:
    template = LetterTemplate.objects.get(kind=decision.kind)
    context = Context(letter_context(decision), autoescape=False)
    return Template(template.subject).render(context), Template(template.body).render(context)


def decision_render_letter(*, decision_id: int) -> bool:
    """Render the letter PDF once (idempotent)."""
    decision = Decision.objects.select_related("plan__region", "plan__round", "version").filter(pk=decision_id).first()
    if decision is None or decision.letter:
        return False
    subject, body = letter_text(decision)
    pdf = render_to_pdf(
        "review/print/letter.html",
        {"decision": decision, "subject": subject, "body": body, "ctx": letter_context(decision)},
    )
    with files_removed_on_rollback() as keep, transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision_id)
        if locked.letter:
            return False
        locked.letter.save(f"besluitbrief-{locked.plan.region.code.lower()}.pdf", ContentFile(pdf), save=False)
        keep(locked.letter)
        locked.letter_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save(update_fields=["letter", "letter_sha256"])
    return True
