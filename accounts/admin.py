from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.forms import AdminSignupForm
from accounts.models import User


@admin.register(User)
class BidbookUserAdmin(UserAdmin):
    add_form = AdminSignupForm
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "time_zone")
    list_filter = (*UserAdmin.list_filter, "time_zone")
    # The user's zone decides their days and months; staff see it to explain a report's dates.
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Time zone", {"fields": ("time_zone",)}))
