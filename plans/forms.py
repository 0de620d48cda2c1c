"""Forms of the section editor. They validate input; the services decide and save."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pow_portal.forms import IsoDateInput

from .constants import FileSlot, PartyKind, Section
from .sections import DECLARATIONS, SectionSpec, declaration_text

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
ERROR_PHONE = _("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678 of +31 70 1234567.")
ERROR_2019_ABOVE_TOTAL = _("Het aantal matches in 2019 kan niet hoger zijn dan het totaal over twee jaar.")
ERROR_KINDS_ABOVE_TOTAL = _("De verdeling naar soort telt op tot meer dan het totaal aantal matches.")


class SectionTextForm(forms.Form):
    """The rich-text parts of a section, plus the version the user started from."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, spec: SectionSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for part in spec.parts:
            self.fields[f"part_{part.key}"] = forms.CharField(
                label=part.label,
                required=False,
                widget=forms.Textarea(attrs={"class": "pow-richtext", "rows": 10, "data-part": part.key}),
            )

    def parts(self) -> dict[str, str]:
        return {part.key: self.cleaned_data.get(f"part_{part.key}", "") for part in self.spec.parts}


class AmbitieForm(forms.Form):
    matches_total = forms.IntegerField(
        label=_("Aantal matches over twee jaar"),
        min_value=1,
        required=False,
        help_text=_("Een positief geheel getal. Nodig om in te dienen."),
    )
    matches_2019 = forms.IntegerField(label=_("Waarvan in 2019"), min_value=0, required=False)
    reguliere_baan = forms.IntegerField(label=_("Waarvan reguliere baan (optioneel)"), min_value=0, required=False)
    leerwerkplek = forms.IntegerField(label=_("Waarvan leerwerkplek (optioneel)"), min_value=0, required=False)
    basisbaan = forms.IntegerField(label=_("Waarvan basisbaan (optioneel)"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        total = data.get("matches_total")
        if total is not None:
            if (data.get("matches_2019") or 0) > total:
                self.add_error("matches_2019", ERROR_2019_ABOVE_TOTAL)
            kinds = sum(data.get(k) or 0 for k in ("reguliere_baan", "leerwerkplek", "basisbaan"))
            if kinds > total:
                raise ValidationError(ERROR_KINDS_ABOVE_TOTAL, code="kinds_above_total")
        return data

    def to_data(self):
        return dict(self.cleaned_data)


class PartyForm(forms.Form):
    name = forms.CharField(label=_("Partij"), max_length=200)
    # A blank first choice: an untouched spare row must not count as filled in.
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", _("— kies de soort —")), *PartyKind.choices])
    role = forms.CharField(label=_("Rol in de samenwerking"), max_length=500)


class InstrumentForm(forms.Form):
    party = forms.CharField(label=_("Partij"), max_length=200)
    instrument = forms.CharField(label=_("Instrument"), max_length=300)
    money = forms.DecimalField(
        label=_("Middelen (€)"), max_digits=12, decimal_places=2, min_value=Decimal(0), required=False
    )
    capacity = forms.CharField(label=_("Capaciteit"), max_length=200, required=False)


class _RowFormSet(forms.BaseFormSet):
    def rows(self):
        return [
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


# No spare rows: "Regel toevoegen" adds one in place (htmx); an empty table starts with one blank row.
PartyFormSet = forms.formset_factory(PartyForm, formset=_RowFormSet, extra=0, can_delete=True)
InstrumentFormSet = forms.formset_factory(InstrumentForm, formset=_RowFormSet, extra=0, can_delete=True)
ROW_FORMSETS = {Section.BETROKKENEN: ("parties", PartyFormSet), Section.INSTRUMENTEN: ("rows", InstrumentFormSet)}


def row_formset(section: Section, data: dict | None = None, post=None):
    """The table of ``section`` (parties or instruments) as a formset, or None for other sections."""
    if section not in ROW_FORMSETS:
        return None
    name, formset_class = ROW_FORMSETS[section]
    rows = (data or {}).get(name) or []
    formset = formset_class(post, initial=rows, prefix=name)
    if post is None and not rows:
        formset.extra = 1
    return formset


class SignatoryForm(forms.Form):
    salutation = forms.ChoiceField(
        label=_("Aanhef"),
        choices=[("", _("— geen voorkeur —")), ("heer", _("de heer")), ("mevrouw", _("mevrouw"))],
        required=False,
        help_text=_("Voor de besluitbrief: ‘Geachte heer …’ of ‘Geachte mevrouw …’."),
    )
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    function = forms.CharField(label=_("Functie"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisatie"), max_length=200, required=False)


class DeclarationsForm(forms.Form):
    """The three declarations (wording in plans.sections.DECLARATIONS) and the date of signing."""

    signed_on = forms.DateField(
        label=_("Datum van ondertekening"),
        required=False,
        widget=IsoDateInput(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for letter, text in reversed(DECLARATIONS):
            self.fields = {f"declaration_{letter}": forms.BooleanField(label=declaration_text(letter, text),
                                                                       required=False), **self.fields}  # fmt: skip


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    function = forms.CharField(label=_("Functie"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=30, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(ERROR_PHONE, code="phone")
        return phone


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Bestand"))

    def __init__(self, *args, slot: FileSlot, **kwargs):
        super().__init__(*args, prefix=slot.value, **kwargs)
        self.slot = slot
        self.fields["file"].label = slot.label
        accept = "image/png,image/jpeg" if slot == FileSlot.INFRASTRUCTUUR else "application/pdf"
        self.fields["file"].widget.attrs["accept"] = accept
        self.fields["file"].help_text = (
            _("PNG of JPEG, hoogstens 10 MB. Telt mee in de A4-limiet van dit onderdeel.")
            if slot == FileSlot.INFRASTRUCTUUR
            else _("PDF, hoogstens 10 MB.")
        )


class DataForms:
    """The structured forms of one section, bound or unbound, as one unit."""

    def __init__(self, section: Section, data: dict, post=None):
        self.section = section
        self.forms: dict[str, forms.Form | forms.BaseFormSet] = {}
        if section == Section.AMBITIE:
            self.forms["ambitie"] = AmbitieForm(post, initial=data, prefix="ambitie")
        elif section in ROW_FORMSETS:
            self.forms[ROW_FORMSETS[section][0]] = row_formset(section, data, post)
        elif section == Section.ONDERTEKENING:
            signatories = data.get("signatories") or [{}, {}]
            self.forms["sig1"] = SignatoryForm(post, initial=signatories[0], prefix="sig1")
            self.forms["sig2"] = SignatoryForm(
                post, initial=signatories[1] if len(signatories) > 1 else {}, prefix="sig2"
            )
            self.forms["declarations"] = DeclarationsForm(post, initial=data, prefix="decl")
        elif section == Section.CONTACTPERSOON:
            self.forms["contact"] = ContactForm(post, initial=data, prefix="contact")

    def __bool__(self):
        return bool(self.forms)

    def is_valid(self):
        return all(f.is_valid() for f in self.forms.values())

    def to_data(self) -> dict:
        f = self.forms
        if self.section == Section.AMBITIE:
            return f["ambitie"].to_data()
        if self.section in ROW_FORMSETS:
            name = ROW_FORMSETS[self.section][0]
            return {name: f[name].rows()}
        if self.section == Section.ONDERTEKENING:
            declarations = dict(f["declarations"].cleaned_data)
            signed_on = declarations.pop("signed_on")
            return {
                "signatories": [dict(f["sig1"].cleaned_data), dict(f["sig2"].cleaned_data)],
                **declarations,
                "signed_on": signed_on.isoformat() if signed_on else "",
            }
        if self.section == Section.CONTACTPERSOON:
            return dict(f["contact"].cleaned_data)
        return {}
