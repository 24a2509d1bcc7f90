"""Correcting an application: the edit form and "Remove duplicate" on its detail page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.current import current_user
from accounts.display import plural
from ledger.forms import CorrectionForm
from ledger.models import Application
from ledger.services import CorrectionError, application_correct, application_remove_duplicate
from ledger.views._common import is_htmx, with_balance_trigger


def _back(request: HttpRequest, application: Application) -> HttpResponse:
    url = reverse("ledger:application_detail", args=[application.pk])
    response: HttpResponse = redirect(url)
    if is_htmx(request):
        # htmx follows the redirect itself; HX-Redirect reloads the page with its messages,
        # and the header balance refreshes from the trigger.
        response = HttpResponse(status=204, headers={"HX-Redirect": url})
    return with_balance_trigger(response, current_user(request))


@require_POST
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, owner=current_user(request))
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {errors[0]}" if label else str(errors[0]))
        return _back(request, application)
    try:
        written = application_correct(application=application, **form.cleaned_data)
    except CorrectionError as exc:
        messages.error(request, str(exc))
        return _back(request, application)
    moved = sum(entry.connects for entry in written)
    if moved > 0:
        messages.success(request, f"Corrected: {plural(moved, 'connect')} back.")
    elif moved < 0:
        messages.success(request, f"Corrected: {plural(-moved, 'connect')} more spent.")
    else:
        messages.success(request, "Corrected." if written else "Nothing to correct.")
    return _back(request, application)


@require_POST
def application_remove(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, owner=current_user(request))
    written = application_remove_duplicate(application=application)
    back = sum(entry.connects for entry in written)
    messages.success(
        request,
        f"“{application.job_title}” removed as a duplicate: {plural(back, 'connect')} back.",
    )
    response: HttpResponse = redirect(reverse("ledger:applications"))
    if is_htmx(request):
        response = HttpResponse(status=204, headers={"HX-Redirect": reverse("ledger:applications")})
    return with_balance_trigger(response, current_user(request))
