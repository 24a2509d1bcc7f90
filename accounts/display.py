"""How every page, reason and e-mail writes money, days and "3 days ago": one helper each.

Pure Python (the vetting rules use it too). Parsing what Upwork writes is another matter and
lives with the parsers; this module only writes.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal


def plural(count: int, word: str, words: str | None = None) -> str:
    """1 day, 2 days, 1,200 days; `words` when the plural is not word + "s"."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def money(amount: Decimal | float | int, *, cents: bool = False) -> str:
    """Dollars as people write them: "$1,200", "$1,200.50", "-$12.00".

    Whole amounts drop their cents unless `cents` asks for them (tables of figures line up).
    """
    value = Decimal(str(amount))
    sign = "-" if value < 0 else ""
    value = abs(value)
    if not cents and value == value.to_integral_value():
        return f"{sign}${int(value):,}"
    return f"{sign}${value:,.2f}"


def day(value: date) -> str:
    """ "Jan 5, 2026": the month named, so no reader mistakes the order."""
    return f"{value:%b} {value.day}, {value.year}"


def ago(elapsed: timedelta) -> str:
    """ "3 days ago", "1 hour ago", "25 minutes ago", "just now" (never in the future)."""
    seconds = max(0, int(elapsed.total_seconds()))
    for size, word in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return plural(seconds // size, word) + " ago"
    return "just now"
