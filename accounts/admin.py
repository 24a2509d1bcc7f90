from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from accounts.forms import AdminSignupForm
from accounts.models import SentEmail, User


@admin.register(User)
class BidbookUserAdmin(UserAdmin):
    add_form = AdminSignupForm
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "time_zone")
    list_filter = (*UserAdmin.list_filter, "time_zone")
    # The user's zone decides their days and months; staff see it to explain a report's dates.
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Time zone", {"fields": ("time_zone",)}))


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """Which digests and reports went out: read-only, since a row is what keeps the e-mail from
    being sent twice (accounts.mail); deleting one would send that period's e-mail again."""

    list_display = ("user", "kind", "period", "sent_at", "claimed_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "user__email", "period")
    list_select_related = ("user",)
    ordering = ("-claimed_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SentEmail | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SentEmail | None = None) -> bool:
        return False
