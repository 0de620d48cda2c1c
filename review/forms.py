from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from plans.sections import ORDER
from pow_portal.forms import IsoDateInput

from .constants import AdviceKind, DecisionKind


class CheckItemForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Oordeel"),
        choices=[("ja", _("Akkoord")), ("nee", _("Niet akkoord"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Onderdeel"), choices=[(k.value, k.label) for k in ORDER])
    text = forms.CharField(label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 3}))


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting voor de regio"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=IsoDateInput())
    title = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)


class LongSelect(forms.Select):
    """A single select whose options are joined in Python: a list of hundreds renders in a blink.

    Django renders each option through a template, which makes a long list the slowest part of a page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if str(v) in selected else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class AgendaForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Volledig plan"), coerce=int, widget=LongSelect)

    def __init__(self, *args, plans, **kwargs):
        """``plans``: (pk, region name) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = list(plans)


class AdviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Advies"), choices=AdviceKind.choices, widget=forms.RadioSelect)
    advised_on = forms.DateField(
        label=_("Datum advies"),
        widget=IsoDateInput(),
        help_text=_("De datum van de vergadering waarin de stuurgroep adviseerde; niet in de toekomst."),
    )
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Besluit"), choices=DecisionKind.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Datum besluit"), widget=IsoDateInput())
    reference = forms.CharField(label=_("Kenmerk"), max_length=100, help_text=_("Bijvoorbeeld 2019-0000123456"))
