"""The connects ledger: every entry with its running balance, and the forms that add entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.current import current_user
from ledger.forms import AdjustForm, EntryFilterForm, GrantForm, PurchaseForm
from ledger.money import connects_to_usd, usd_str
from ledger.selectors import balance_of, entries_for, ledger_settings_for, set_running_balances
from ledger.services import (
    LedgerError,
    connects_adjust,
    connects_grant,
    connects_purchase,
)
from ledger.views._common import PAGE_SIZE, price_str


def entries(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    filters = EntryFilterForm(request.GET or None)
    filters.is_valid()  # an invalid filter is shown with its error and ignored
    wanted = filters.selector_kwargs()
    page = Paginator(entries_for(owner, **wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # evaluated once, balances set on these rows
    if wanted.get("kinds"):
        # A running balance over a subset of kinds means nothing.
        for entry in page.object_list:
            entry.running_balance = None  # type: ignore[attr-defined]
    else:
        set_running_balances(owner, page.object_list)
    balance = balance_of(owner)
    price = ledger_settings_for(owner).price_per_connect
    return render(
        request,
        "ledger/entries.html",
        {
            "filters": filters,
            "page": page,
            "balance": balance,
            "balance_usd": connects_to_usd(balance, price),
            "price": price_str(price),
            "filtered": bool(filters.selector_kwargs()),
        },
    )


def _entry_form_page(
    request: HttpRequest, form: forms.Form, *, title: str, intro: str, submit: str
) -> HttpResponse:
    return render(
        request,
        "ledger/entry_form.html",
        {"form": form, "title": title, "intro": intro, "submit": submit},
    )


def purchase(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    price = ledger_settings_for(owner).price_per_connect
    form = PurchaseForm(request.POST or None, price=price)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            entry = connects_purchase(
                owner=owner,
                connects=data["connects"],
                usd_paid=data["usd_paid"],
                occurred_on=data["occurred_on"],
                note=data["note"],
            )
        except LedgerError as exc:
            form.add_error(None, str(exc))
        else:
            paid = usd_str(entry.usd_paid) if entry.usd_paid is not None else "0.00"
            messages.success(request, f"Added {entry.connects} connects bought for ${paid}.")
            return redirect("ledger:entries")
    return _entry_form_page(
        request,
        form,
        title="Buy connects",
        intro=f"Record connects you bought on Upwork. Your price is ${price_str(price)} a connect.",
        submit="Add purchase",
    )


def grant(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry, _ = connects_grant(
                owner=owner,
                connects=data["connects"],
                occurred_on=data["occurred_on"],
                note=data["note"] or "Free connects",
            )
        except LedgerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Added {entry.connects} free connects.")
            return redirect("ledger:entries")
    return _entry_form_page(
        request,
        form,
        title="Add free connects",
        intro="Connects Upwork gave you: the monthly allowance, an interview reward, a gift.",
        submit="Add connects",
    )


def adjust(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    # The import preview links here with the difference it found, to reconcile in one click.
    initial = {key: request.GET[key] for key in ("connects", "note") if key in request.GET}
    form = AdjustForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = connects_adjust(
                owner=owner,
                connects=data["connects"],
                note=data["note"],
                occurred_on=data["occurred_on"],
            )
        except LedgerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Balance corrected by {entry.connects:+d} connects.")
            return redirect("ledger:entries")
    return _entry_form_page(
        request,
        form,
        title="Correct the balance",
        intro=(
            "When your balance here differs from Upwork's, add a correction. Entries are never "
            "edited: the correction is a new line in the ledger."
        ),
        submit="Add correction",
    )
