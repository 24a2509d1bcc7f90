"""Small helpers every ledger view shares."""

from __future__ import annotations

import json
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from ledger.selectors import balance_of

PAGE_SIZE = 50


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def with_balance_trigger(response: HttpResponse, owner: User) -> HttpResponse:
    """Tell the page (static/js/bidbook.js) the new balance, so the header updates in place."""
    response["HX-Trigger"] = json.dumps({"balanceChanged": {"value": balance_of(owner)}})
    return response


def url_or_none(name: str, *args: object) -> str | None:
    """A URL of another app that may not be mounted yet (the vetting pages, for one)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def is_web_url(url: str) -> bool:
    """Only http(s) links are rendered: an imported job_url could hold anything."""
    return url.startswith(("https://", "http://"))


def price_str(price: Decimal) -> str:
    """A price per connect as people write it: $0.15, $0.1234, $1.00."""
    text = f"{price:.4f}".rstrip("0")
    whole, _, cents = text.partition(".")
    return f"{whole}.{cents.ljust(2, '0')}"
