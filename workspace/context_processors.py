"""The connects balance in the header and footer of every page (it reads the ledger, so it
lives on the top floor)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache

from django.http import HttpRequest

from ledger.money import connects_to_usd
from ledger.selectors import balance_of, ledger_settings_for


def balance(request: HttpRequest) -> dict[str, Callable[[], object]]:
    """The balance as callables the template calls when it first shows them, each read once.

    A view that has already read the balance (the dashboard) puts `connects_balance` and
    `connects_balance_usd` in its own context, which the template reads first: these are then
    never called and the page does not sum the ledger twice.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def connects() -> int:
        return balance_of(user)

    @cache
    def usd() -> Decimal:
        return connects_to_usd(connects(), ledger_settings_for(user).price_per_connect)

    return {"connects_balance": connects, "connects_balance_usd": usd}
