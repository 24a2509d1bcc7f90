"""Dollars: Decimal end to end, rounded once, at the end, here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_usd(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def connects_to_usd(connects: int, price_per_connect: Decimal) -> Decimal:
    """What a number of connects is worth at the user's price, to the cent."""
    return round_usd(Decimal(connects) * price_per_connect)


def usd_str(amount: Decimal) -> str:
    """Two decimals, as the report CLI and CSV exports print dollars."""
    return f"{round_usd(amount):.2f}"
