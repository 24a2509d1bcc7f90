"""Money and counts as Upwork writes them: "$1.9K", "$15.00 - $35.00", "$1K+", "1,234".

Amounts are ``Decimal`` end to end. A "K" or "M" figure is rounded by Upwork, so it is kept in
whole dollars ("$1.9K" is 1900, not 1900.0): the page does not know the cents.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

# One amount: its number and its "k"/"m" suffix as two groups; a trailing "+" is allowed.
AMOUNT_PATTERN: Final = r"\$\s?([0-9][0-9,]{0,14}(?:\.[0-9]{1,4})?)\s?([kKmM])?\+?"
_MONEY_RANGE: Final = re.compile(
    AMOUNT_PATTERN + r"(?:\s*(?:-|\u2013|to|TO|To)\s*" + AMOUNT_PATTERN + r")?"
)
_MULTIPLIERS: Final = {"k": Decimal(1000), "m": Decimal(1_000_000)}
_MAX_MONEY_TEXT: Final = 80


def amount(number: str, suffix: str | None = None) -> Decimal:
    """The groups of :data:`AMOUNT_PATTERN` -> dollars: ('1.9', 'K') -> 1900."""
    value = Decimal(number.replace(",", ""))
    if suffix:
        value = (value * _MULTIPLIERS[suffix.lower()]).quantize(Decimal(1))
    return value


def money(value: str) -> Decimal | None:
    """'$75.00', '$1.9K', '$900K+' -> one amount; anything else None."""
    found = money_range(value)
    return found[0] if found is not None and len(found) == 1 else None


def money_range(value: str) -> tuple[Decimal, ...] | None:
    """'$75.00', '$1.9k', '$15.00 - $35.00', '$25-$40' -> one or two amounts; else None."""
    value = value.strip()
    if len(value) > _MAX_MONEY_TEXT:
        return None
    match = _MONEY_RANGE.fullmatch(value)
    if not match:
        return None
    low_number, low_suffix, high_number, high_suffix = match.groups()
    low = amount(low_number, low_suffix)
    if high_number is None:
        return (low,)
    return (low, amount(high_number, high_suffix))


def count(value: str) -> int | None:
    """'14', '1,234' -> int; anything else (a tooltip sentence, a label) -> None."""
    value = value.strip().replace(",", "")
    if 0 < len(value) <= 9 and value.isascii() and value.isdigit():
        return int(value)
    return None


def decimal_of(value: object) -> Decimal | None:
    """A number from Upwork's JSON (25158.39, "25158.39", 34.7123736075407) -> Decimal."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        try:
            found = Decimal(str(value).strip())
        except ArithmeticError:
            return None
        return found if found.is_finite() else None
    return None
