from django import forms
from django.utils.translation import gettext_lazy as _


class PaymentMoveForm(forms.Form):
    to = forms.TypedChoiceField(label=_("Naar circulaire"), coerce=int)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, circulaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(c.pk, c.name) for c in circulaires]


class PaymentCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reden van annuleren"), widget=forms.Textarea(attrs={"rows": 2}))
