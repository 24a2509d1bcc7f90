from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import ratelimit
from accounts.forms import SignupForm


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


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


class RateLimitedLoginView(auth_views.LoginView):
    """Django's login view, refusing to check passwords after a few failures in a minute."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = request.POST.get("username", "")
        ip = _client_ip(request)
        if ratelimit.is_locked(username=username, ip=ip):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                "Too many failed attempts. Wait a minute, then try again (or reset your password).",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            ratelimit.clear(username=username, ip=ip)
        else:
            ratelimit.record_failure(username=username, ip=ip)
        return response


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> HttpResponse:
    status = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        status["database"] = "error"
    from accounts.health import broker_status

    broker = broker_status()
    if broker is not None:
        status["broker"] = broker
    healthy = all(value == "ok" for value in status.values())
    return HttpResponse(
        json.dumps(status), status=200 if healthy else 503, content_type="application/json"
    )


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid token: say so in words, keep Django's 403."""
    return render(request, "403_csrf.html", status=403)
