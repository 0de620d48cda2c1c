from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import oidc, views
from .forms import LoginForm, PasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", oidc.PortalLogoutView.as_view(), name="logout"),
    path("inloggen/organisatie/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("inloggen/organisatie/terug/", oidc.callback_view, name="oidc_authentication_callback"),
    path("inloggen/code/", views.otp_verify, name="otp-verify"),
    path("account/tweestapsverificatie/", views.otp_setup, name="otp-setup"),
    path("account/passkeys/opties/", views.passkey_register_options, name="passkey-register-options"),
    path("account/passkeys/toevoegen/", views.passkey_register, name="passkey-register"),
    path("account/passkeys/<int:pk>/naam/", views.passkey_rename, name="passkey-rename"),
    path("account/passkeys/<int:pk>/verwijderen/", views.passkey_remove, name="passkey-remove"),
    path("inloggen/passkey/opties/", views.passkey_login_options, name="passkey-login-options"),
    path("inloggen/passkey/", views.passkey_login, name="passkey-login"),
    path("audit/", views.audit_list, name="audit-list"),
    path("verwerking/", views.jobs_pending, name="jobs"),
    path("verwerking/<int:pk>/opnieuw/", views.job_retry, name="job-retry"),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plannen/", include("plans.urls")),
    path("beoordeling/", include("review.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("beheer/", admin.site.urls),
]

admin.site.site_header = "Perspectief op Werk — beheer"
admin.site.site_title = "Perspectief op Werk"
admin.site.index_title = "Beheer"
