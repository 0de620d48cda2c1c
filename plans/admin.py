from django.contrib import admin

from pow_portal.admin import RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import SectionLimit


@admin.register(SectionLimit)
class SectionLimitAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["round", "section", "max_pages"]
    list_filter = ["round"]
