"""The connects balance in the header and footer of every page (it reads the ledger, so it
lives on the top floor)."""

from __future__ import annotations

from django.http import HttpRequest

from ledger.money import connects_to_usd
from ledger.selectors import balance_of, ledger_settings_for


def balance(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    connects = balance_of(user)
    price = ledger_settings_for(user).price_per_connect
    return {"connects_balance": connects, "connects_balance_usd": connects_to_usd(connects, price)}
