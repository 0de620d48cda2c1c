import logging

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.utils.translation import gettext_lazy as _

from .constants import ROUND_EDITOR_ROLES, Role
from .models import Arbeidsmarktregio, AuditEvent, Job, Notification, ProgrammeRound, User
from .permissions import has_role

logger = logging.getLogger(__name__)


class RoleAdminMixin:
    """Admin access by portal role rather than Django's per-model permissions.

    ``edit_roles`` may view and change; ``view_roles`` may only look.
    """

    edit_roles: frozenset = frozenset({Role.BEHEERDER})
    view_roles: frozenset = frozenset()

    def has_module_permission(self, request):
        return request.user.is_superuser or has_role(request.user, *self.edit_roles, *self.view_roles)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or has_role(request.user, *self.edit_roles)

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser or has_role(request.user, Role.BEHEERDER)


class RecordAdminMixin(RoleAdminMixin):
    """Records of what happened (money, versions, history, audit): readable, never added, edited or deleted here,
    by anyone. They change only through the portal's services, which audit every change."""

    edit_roles = frozenset()
    view_roles = ROUND_EDITOR_ROLES

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ------------------------------------------------------------------------------
# Valid HTML on the user pages (the W3C checker runs over every page): Django's own widget puts
# ``disabled`` and a dangling ``aria-describedby`` on a <div>, and its password form a <ul> inside a <p>.
# ------------------------------------------------------------------------------
class _PasswordHashWidget(ReadOnlyPasswordHashWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for attr in ("disabled", "aria-describedby"):
            context["widget"]["attrs"].pop(attr, None)
        return context


class _UserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = _PasswordHashWidget()


class _PasswordChangeForm(AdminPasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = SetUnusablePasswordMixin.usable_password_help_text


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    form = _UserChangeForm
    change_password_form = _PasswordChangeForm
    list_display = ["username", "email", "get_full_name", "role", "region", "is_active"]
    list_filter = ["role", "region", "is_active"]
    list_select_related = ["region"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (_("Rol in het portaal"), {"fields": ["role", "region", "is_active"]}),
        (_("Belangrijke data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "role", "region", "password1", "password2"]}),
    ]


@admin.register(Arbeidsmarktregio)
class ArbeidsmarktregioAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = ROUND_EDITOR_ROLES
    list_display = ["code", "name", "centrumgemeente"]
    search_fields = ["name", "centrumgemeente"]


@admin.register(ProgrammeRound)
class ProgrammeRoundAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["name", "early_deadline", "submission_deadline", "submission_extended_until", "is_current"]


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor"]


@admin.register(Notification)
class NotificationAdmin(RecordAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({Role.BEHEERDER})
    list_display = ["created_at", "subject", "sent_at"]


@admin.register(Job)
class JobAdmin(RecordAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({Role.BEHEERDER})
    list_display = ["created_at", "kind", "key", "state", "attempts", "done_at"]
    list_filter = ["state", "kind"]


# ---- Security (issue 12): locked-out logins and second-factor devices, for the beheerder ------------
from axes.models import AccessAttempt  # noqa: E402 - kept in this block so it merges as one piece
from django.contrib import messages  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Failed logins per username and address. Deleting a row (or the action) unlocks it."""

    edit_roles = frozenset()
    view_roles = frozenset({Role.BEHEERDER})
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start"]
    search_fields = ["username", "ip_address"]
    readonly_fields = ["attempt_time", "username", "ip_address", "user_agent", "path_info", "failures_since_start"]
    exclude = ["get_data", "post_data", "http_accept"]
    list_filter = ["ip_address"]
    actions = ["unlock", "unlock_address"]

    def has_add_permission(self, request):
        return False

    def _unlock(self, request, attempts, scope):
        from django.db import transaction

        from .services import audit_log

        attempts = list(attempts)
        with transaction.atomic():
            for attempt in attempts:
                audit_log(actor=request.user, action="login_unlocked", obj=attempt, data={"scope": scope})
                attempt.delete()
        logger.info(
            "login unlocked",
            extra={"event_type": "unlock", "by_user_id": request.user.pk, "scope": scope, "count": len(attempts)},
        )
        messages.success(request, _("%(count)d geblokkeerde inlogpoging(en) ontgrendeld.") % {"count": len(attempts)})

    @admin.action(description=_("Ontgrendelen (dit account op dit adres)"), permissions=["delete"])
    def unlock(self, request, queryset):
        self._unlock(request, queryset, "account")

    @admin.action(description=_("Adres ontgrendelen (alle accounts op dit adres)"), permissions=["delete"])
    def unlock_address(self, request, queryset):
        addresses = set(queryset.values_list("ip_address", flat=True))
        self._unlock(request, AccessAttempt.objects.filter(ip_address__in=addresses), "address")


class _DeviceAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The beheerder resets a lost second factor by deleting the device; the secret is never shown."""

    edit_roles = frozenset()
    view_roles = frozenset({Role.BEHEERDER})
    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request):
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(_DeviceAdmin):
    pass


@admin.register(StaticDevice)
class StaticDeviceAdmin(_DeviceAdmin):
    pass


# ---- Sign-in through the organisation: the beheerder unlinks an account (deleting the link) ---------------
from .models import OIDCIdentity, Passkey  # noqa: E402


@admin.register(OIDCIdentity)
class OIDCIdentityAdmin(_DeviceAdmin):
    list_display = ["user", "issuer", "linked_at"]
    list_filter = ["issuer"]
    fields = ["user", "issuer", "sub", "linked_at"]
    readonly_fields = fields


@admin.register(Passkey)
class PasskeyAdmin(_DeviceAdmin):
    """A lost passkey is removed by the beheerder as a lost phone is; the key itself is never shown."""

    list_display = ["user", "name", "created_at", "last_used_at"]
    list_filter = []
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = fields
