"""Forms of the monitoring app. They validate input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pow_portal.forms import IsoDateInput

from .constants import REPORT_NUMBERS, REPORT_TEXTS, AttendanceStatus, ReviewOutcome

PROGRESS_CHOICES = [("ja", _("Goede voortgang")), ("nee", _("Geen goede voortgang"))]


class ReportForm(forms.Form):
    """The draft of a progress report: numbers and texts, plus the version the user started from."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in REPORT_NUMBERS:
            self.fields[key] = forms.IntegerField(
                label=label, min_value=0, required=False, help_text=_("Een geheel getal, 0 of meer.")
            )
        for key, label in REPORT_TEXTS:
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
            )

    def numbers(self) -> dict:
        return {key: self.cleaned_data.get(key) for key, _label in REPORT_NUMBERS}

    def texts(self) -> dict:
        return {key: self.cleaned_data.get(key) or "" for key, _label in REPORT_TEXTS}


class ReportReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Beoordeling"), choices=ReviewOutcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Opmerkingen voor de regio"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Deelname"), choices=[("", "—"), *AttendanceStatus.choices], required=False)
    attendees = forms.CharField(label=_("Wie was er"), max_length=500, required=False)


class ConversationForm(forms.Form):
    held_on = forms.DateField(label=_("Datum gesprek"), widget=IsoDateInput())
    participants = forms.CharField(label=_("Gesproken met"), max_length=500)
    agreements = forms.CharField(label=_("Afspraken"), widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label=_("Vervolgactie (optioneel)"), max_length=500, required=False)
    follow_up_due = forms.DateField(label=_("Vervolgactie uiterlijk"), required=False, widget=IsoDateInput())

    def clean(self):
        data = super().clean()
        if data.get("follow_up") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", _("Geef de datum waarop de vervolgactie klaar moet zijn."))
        return data

    def follow_ups(self):
        data = self.cleaned_data
        return [(data["follow_up"], data["follow_up_due"])] if data.get("follow_up") else []


class EvaluationForm(forms.Form):
    good_progress = forms.TypedChoiceField(
        label=_("Voortgang"), choices=PROGRESS_CHOICES, coerce=lambda v: v == "ja", widget=forms.RadioSelect
    )
    evaluated_on = forms.DateField(label=_("Datum evaluatie"), widget=IsoDateInput())
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}))


class ProgressAdviceForm(forms.Form):
    good_progress = forms.TypedChoiceField(
        label=_("Advies"), choices=PROGRESS_CHOICES, coerce=lambda v: v == "ja", widget=forms.RadioSelect
    )
    reasons = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
