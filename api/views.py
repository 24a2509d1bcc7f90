"""The API's pages: the docs (public) and the user's tokens in Settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.current import current_user
from api.forms import TokenForm
from api.selectors import tokens_for
from api.services import ApiTokenError, api_token_create, api_token_revoke


@login_not_required
@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI from static/vendor, reading /api/v1/openapi.json: no CDN, no inline script."""
    return render(request, "api/docs.html")


@login_not_required
def api_not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


# The token just made waits here for the page after the redirect, which shows it once and
# drops it: a reload, the back button or a resubmitted form never shows or makes it again.
_NEW_TOKEN = "api_new_token"


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a new one is shown once, right after it is made, never again."""
    owner = current_user(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row, token = api_token_create(owner=owner, name=form.cleaned_data["name"])
        except ApiTokenError as exc:
            form.add_error("name", str(exc))
        else:
            request.session[_NEW_TOKEN] = {"id": row.pk, "token": token}
            messages.success(request, f"Token “{row.name}” made: copy it now.")
            return redirect("api_tokens:list")
    new = request.session.pop(_NEW_TOKEN, None) if request.method == "GET" else None
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new["token"] if isinstance(new, dict) else None,
            "tokens": tokens_for(owner),
            "docs_url": reverse("api:docs"),
            "api_root": request.build_absolute_uri("/api/v1/"),
        },
        status=400 if form.errors else 200,
    )
    # The page that shows a fresh token must not be kept by the browser or a proxy.
    add_never_cache_headers(response)
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    owner = current_user(request)
    token = get_object_or_404(tokens_for(owner), pk=pk)
    api_token_revoke(owner=owner, token=token)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api_tokens:list")
