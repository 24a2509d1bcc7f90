from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.current import current_user, safe_next
from accounts.forms import DeleteAccountForm, SignupForm, TimeZoneForm
from accounts.services import AccountError, account_delete, user_time_zone_set
from accounts.throttling import (
    account_delete_throttle,
    login_lock_wait,
    password_reset_refusal,
    wait_in_words,
)


@login_not_required
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Bidbook, {user.username}.")
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


def login_locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): the login form it came from, with the
    wait in words, answered 429. The admin's login gets the admin's page."""
    wait = wait_in_words(login_lock_wait(request, credentials))
    message = (
        "Too many failed attempts to log in to this account from your address. "
        f"Try again in {wait}, or reset your password."
    )
    match = request.resolver_match
    if match is not None and match.app_name == "admin":
        admin_form = AdminAuthenticationForm(request, data=request.POST)
        admin_form.errors.clear()
        admin_form.add_error(None, message)
        context = {
            **admin.site.each_context(request),
            "form": admin_form,
            "title": "Log in",
            "app_path": request.get_full_path(),
        }
        return render(request, "admin/login.html", context, status=429)
    form = AuthenticationForm(request, data=request.POST)
    form.errors.clear()
    form.add_error(None, message)
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": safe_next(request, "")},
        status=429,
    )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending a few e-mails per address and per e-mail an hour."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        refusal = password_reset_refusal(self.request, form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid token: say so in words, keep Django's 403."""
    return render(request, "403_csrf.html", status=403)


def account_delete_view(request: HttpRequest) -> HttpResponse:
    """Delete my account: everything of the user goes, after the password is typed again."""
    user = current_user(request)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        throttle = account_delete_throttle()
        wait = throttle.waiting(str(user.pk))
        if wait:
            form.add_error(
                None,
                f"Too many wrong passwords. Try again in {wait_in_words(timedelta(seconds=wait))}.",
            )
            status = 429
        else:
            try:
                account_delete(user=user, password=form.cleaned_data["password"])
            except AccountError as exc:
                throttle.hit(str(user.pk))
                form.add_error("password", str(exc))
            else:
                logout(request)
                messages.success(
                    request,
                    "Your account and everything in it were deleted. Thank you for trying Bidbook.",
                )
                return redirect("login")
    return render(request, "registration/account_delete.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def time_zone_view(request: HttpRequest) -> HttpResponse:
    """The "Time zone" section of the settings page, posted by htmx (the section comes back,
    naming the zone just saved) or as a plain form (back to the settings page). A refused name
    is shown on its field, 200."""
    user = current_user(request)
    initial = {"time_zone": user.time_zone}
    form = TimeZoneForm(request.POST if request.method == "POST" else None, initial=initial)
    saved = False
    if form.is_bound and form.is_valid():
        user_time_zone_set(user=user, time_zone=form.cleaned_data["time_zone"])
        saved = True
        if request.headers.get("HX-Request") != "true":
            messages.success(request, f"Time zone saved: {user.time_zone}.")
            return redirect(reverse("settings") + "#time-zone")
        form = TimeZoneForm(initial={"time_zone": user.time_zone})
    context = {"time_zone_form": form, "time_zone_saved": saved}
    if request.headers.get("HX-Request") == "true":
        return render(request, "accounts/_settings_time_zone.html", context)
    return render(request, "accounts/time_zone.html", context)
