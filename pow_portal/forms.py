from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _


class IsoDateInput(forms.DateInput):
    """A browser date field. Browsers only take an ISO date (2020-02-15) as its value; the locale's format
    (15-02-2020 in Dutch) would show an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LoginForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label=_("Gebruikersnaam"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Deze combinatie van gebruikersnaam en wachtwoord kennen wij niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The request only queues a job with the address, known or not: the same work and the same time either way
    (no way to learn which addresses have an account). The job looks the address up and mails the link."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("U ontvangt een e-mail met een link om een nieuw wachtwoord in te stellen."),
    )

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        from .services import password_reset_queue

        domain = domain_override or get_current_site(request).domain
        password_reset_queue(email=self.cleaned_data["email"], domain=domain, use_https=use_https)


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("De code van zes cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class SecondFactorSetupForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit de app"),
        max_length=16,
        help_text=_("Vul de code van zes cijfers in die de app nu toont."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class AuditFilterForm(forms.Form):
    """The audit page's filter; every field optional."""

    actie = forms.ChoiceField(label=_("Actie"), required=False)
    soort = forms.ChoiceField(label=_("Soort object"), required=False)
    rol = forms.ChoiceField(label=_("Rol"), required=False)
    van = forms.DateField(label=_("Vanaf"), required=False, widget=IsoDateInput())
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=IsoDateInput())
    beheer = forms.BooleanField(label=_("Alleen wijzigingen in Beheer en roltoekenningen"), required=False)

    def __init__(self, *args, choices, **kwargs):
        from .constants import Role

        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["actie"].choices = everything + [(a, a) for a in choices["actions"]]
        self.fields["soort"].choices = everything + [(t, t) for t in choices["object_types"]]
        self.fields["rol"].choices = everything + list(Role.choices)
