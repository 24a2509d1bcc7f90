from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.forms import AdminSignupForm
from accounts.models import User


@admin.register(User)
class BidbookUserAdmin(UserAdmin):
    add_form = AdminSignupForm
