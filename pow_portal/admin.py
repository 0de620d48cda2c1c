import json
import logging

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .constants import ROUND_EDITOR_ROLES, Role
from .models import Arbeidsmarktregio, AuditEvent, Job, Notification, ProgrammeRound, RoleGrant, User
from .permissions import grant_needs_confirmation, has_role
from .services import audit_log, role_grant_confirm, role_grant_request, role_grant_withdraw

logger = logging.getLogger(__name__)

#: Fields whose value never goes on the audit trail (only that it changed).
SECRET_FIELDS = frozenset({"password", "key", "token", "secret"})


def _plain(value):
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        return str(value)


def field_values(obj) -> dict:
    """The stored fields of ``obj`` as JSON values (foreign keys by id); secrets as "***"."""
    values = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if field.name in SECRET_FIELDS:
            values[field.name] = "***" if value else ""
        elif hasattr(value, "name") and hasattr(value, "storage"):  # a file: its name
            values[field.name] = value.name or ""
        else:
            values[field.name] = _plain(value)
    return values


def audit_admin_change(*, request, obj, before: dict | None, action: str) -> None:
    """One audit event per save or delete in Beheer: the fields that changed, before and after."""
    after = field_values(obj) if action != "beheer.delete" else {}
    before = before or {}
    changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
    audit_log(
        actor=request.user,
        action=action,
        obj=obj,
        data={
            "model": str(obj._meta.verbose_name),
            "object": str(obj)[:200],
            "fields": changed,
            "before": {k: before[k] for k in changed if k in before},
            "after": {k: after[k] for k in changed if k in after},
        },
    )


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

    # ---- every save and delete in Beheer is on the audit trail, with the fields before and after ----------
    def save_model(self, request, obj, form, change):
        before = field_values(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_admin_change(request=request, obj=obj, before=before, action="beheer.change" if change else "beheer.add")

    def delete_model(self, request, obj):
        before, pk = field_values(obj), obj.pk
        with transaction.atomic():
            super().delete_model(request, obj)
            obj.pk = pk  # the event names the row that was deleted
            audit_admin_change(request=request, obj=obj, before=before, action="beheer.delete")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    # ---- reference data still in use is not deleted ---------------------------------------------------------
    def delete_refusal(self, obj) -> str | None:
        """Why ``obj`` cannot be deleted although no row protects it (None: it can). Admins override this."""
        return None

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [refusal for obj in objs if (refusal := self.delete_refusal(obj))]
        if refusals:
            logger.info("refused: delete of %s rows still in use", self.model._meta.label_lower)
        return deleted, counts, perms_needed, [*protected, *refusals]


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

    def save_model(self, request, obj, form, change):
        """The ministerie and beheerder roles take a second beheerder: until then the account keeps what it had
        (a new one waits inactive) and a pending grant is recorded."""
        old = User.objects.filter(pk=obj.pk).first() if change else None
        wanted = obj.role
        if not grant_needs_confirmation(wanted, active=obj.is_active, before=old):
            return super().save_model(request, obj, form, change)
        with transaction.atomic():
            if old is None:
                obj.is_active = False
            else:
                obj.role, obj.region, obj.is_active = old.role, old.region, old.is_active
            super().save_model(request, obj, form, change)
            role_grant_request(user=obj, role=wanted, by=request.user)
        messages.warning(
            request,
            _("De rol %(role)s voor %(user)s wacht op bevestiging door een tweede beheerder (Roltoekenningen).")
            % {"role": Role(wanted).label, "user": obj.username},
        )


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


@admin.register(RoleGrant)
class RoleGrantAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Pending grants of the ministerie and beheerder roles; a second beheerder confirms (never their own)."""

    edit_roles = frozenset()
    view_roles = frozenset({Role.BEHEERDER})
    list_display = ["user", "role", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "role"]
    list_select_related = ["user", "requested_by", "decided_by"]
    actions = ["confirm", "withdraw"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_confirm_permission(self, request):
        return has_role(request.user, Role.BEHEERDER)

    def _decide(self, request, queryset, decide, done_message):
        from django.core.exceptions import PermissionDenied, ValidationError

        done = 0
        for grant in queryset:
            try:
                decide(grant=grant, by=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                text = error.messages[0] if isinstance(error, ValidationError) else str(error)
                messages.error(request, f"{grant}: {text}")
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Bevestigen (als tweede beheerder)"), permissions=["confirm"])
    def confirm(self, request, queryset):
        self._decide(request, queryset, role_grant_confirm, _("%(count)d roltoekenning(en) bevestigd."))

    @admin.action(description=_("Intrekken"), permissions=["confirm"])
    def withdraw(self, request, queryset):
        self._decide(request, queryset, role_grant_withdraw, _("%(count)d roltoekenning(en) ingetrokken."))


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
