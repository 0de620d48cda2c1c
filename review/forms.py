from django import forms
from django.utils.translation import gettext_lazy as _

from plans.sections import ORDER

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
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)


class AgendaForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Volledig plan"), coerce=int)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, p.region.name) for p in plans]


class AdviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Advies"), choices=AdviceKind.choices, widget=forms.RadioSelect)
    advised_on = forms.DateField(
        label=_("Datum advies"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De datum van de vergadering waarin de stuurgroep adviseerde; niet in de toekomst."),
    )
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Besluit"), choices=DecisionKind.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Datum besluit"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Kenmerk"), max_length=100, help_text=_("Bijvoorbeeld 2019-0000123456"))
