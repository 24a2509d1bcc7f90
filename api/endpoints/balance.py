"""GET /balance: the connects balance, as the header of every page shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from accounts.current import current_user
from api.presenters import price_for
from api.schemas import BalanceOut, ErrorOut
from ledger.money import connects_to_usd
from ledger.selectors import balance_of

router = Router(tags=["ledger"])


@router.get(
    "/balance", response={200: BalanceOut, 401: ErrorOut, 429: ErrorOut}, summary="Your balance"
)
def balance(request: HttpRequest) -> dict[str, Any]:
    owner = current_user(request)
    connects = balance_of(owner)
    price = price_for(owner)
    return {
        "connects": connects,
        "usd": connects_to_usd(connects, price),
        "price_per_connect": price,
        "as_of": timezone.now(),
        # api.auth has activated the owner's zone.
        "time_zone": owner.time_zone,
        "today": timezone.localdate(),
    }
