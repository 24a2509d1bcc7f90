"""The ledger part of the user's settings: price, plan, reminders, starting balance."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.current import current_user, safe_next
from ledger.forms import LedgerSettingsForm
from ledger.services import (
    LEDGER_SETTINGS_FIELDS,
    ledger_settings_update,
    starting_balance_set,
)


def ledger_settings(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    form = LedgerSettingsForm.for_owner(owner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ledger_settings_update(
            owner=owner, **{name: form.cleaned_data[name] for name in LEDGER_SETTINGS_FIELDS}
        )
        if form.starting_balance_changed:
            starting_balance_set(
                owner=owner,
                connects=form.cleaned_data["starting_balance"],
                as_of=form.cleaned_data["starting_balance_as_of"],
            )
        messages.success(request, "Ledger settings saved.")
        return redirect(safe_next(request, reverse("ledger:settings")))
    # A page that includes the form (the combined settings page) may ask to be sent back to.
    back = safe_next(request, "")
    return render(
        request,
        "ledger/settings.html",
        {"ledger_settings_form": form, "ledger_settings_next": back},
    )
