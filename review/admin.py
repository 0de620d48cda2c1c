from django.contrib import admin

from pow_portal.admin import RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import Circulaire


@admin.register(Circulaire)
class CirculaireAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["name", "year", "bzk_deadline", "publication_date", "status"]
    list_filter = ["round", "status"]
