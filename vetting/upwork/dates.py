"""Dates as Upwork writes them: "4 minutes ago", "yesterday", "Sep 8, 2021", "Today".

Every function takes the text as the page shows it (any case, a trailing period allowed) and
returns None for anything that is not a date: never a guess, never an exception.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Final

MONTH_NAMES: Final = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
MONTHS: Final[dict[str, int]] = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}

_AGO: Final = re.compile(
    r"(a|an|one|[0-9]{1,4})\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
)  # matched on lowercased text
_SECONDS_PER_UNIT: Final = {
    "second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400,
    "week": 604800,
}  # fmt: skip
_FIXED_AGO: Final = {
    "just now": timedelta(0),
    "now": timedelta(0),
    "moments ago": timedelta(0),
    "a moment ago": timedelta(0),
    "yesterday": timedelta(days=1),
    "last week": timedelta(days=7),
}
_MONTHS_AGO: Final = {"last month": 1, "last year": 12}
_MONTH_DAY_YEAR: Final = re.compile(
    r"([a-z]{3,9})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+([0-9]{4}))?", re.IGNORECASE
)
_DAY_MONTH_YEAR: Final = re.compile(r"([0-9]{1,2})\s+([a-z]{3,9})\.?,?\s+([0-9]{4})", re.IGNORECASE)
_ISO_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MAX_DATE_TEXT: Final = 40


def month_number(name: str) -> int | None:
    """'Sep', 'sept', 'September' -> 9; anything else None."""
    return MONTHS.get(name.lower().rstrip("."))


def relative_time(value: str, now: datetime) -> datetime | None:
    """'4 minutes ago', 'an hour ago', 'yesterday', 'last month', 'Jan 14, 2026' -> a moment.

    Months and years are calendar months ("last month" from Mar 31 is Feb 28/29); a written
    date is midnight of that day in ``now``'s zone.
    """
    if len(value) > _MAX_DATE_TEXT:
        return None
    value = value.strip().rstrip(".").lower()
    try:
        return _resolve(value, now)
    except OverflowError:  # "9999 years ago" before year 1: not a time
        return None


def _resolve(value: str, now: datetime) -> datetime | None:
    if value in _FIXED_AGO:
        return now - _FIXED_AGO[value]
    if value in _MONTHS_AGO:
        return months_before(now, _MONTHS_AGO[value])
    match = _AGO.fullmatch(value)
    if match:
        amount_text, unit = match.groups()
        amount = int(amount_text) if amount_text.isdigit() else 1
        if unit == "month":
            return months_before(now, amount)
        if unit == "year":
            return months_before(now, 12 * amount)
        return now - timedelta(seconds=amount * _SECONDS_PER_UNIT[unit])
    day = calendar_date(value)
    return datetime(day.year, day.month, day.day, tzinfo=now.tzinfo) if day else None


def months_before(now: datetime, months: int) -> datetime | None:
    """Calendar months back: 'last month' from Mar 31 is Feb 28/29, not 30 days."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        return None
    day = min(now.day, days_in_month(year, month + 1))
    return now.replace(year=year, month=month + 1, day=day)


def days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def calendar_date(value: str, today: date | None = None) -> date | None:
    """'Sep 8, 2021', 'January 11, 2026', '11 Jan 2026', '2026-01-11' -> a date.

    'Jan 11' (no year) needs ``today``: this year, unless that is still to come.
    """
    value = value.strip()
    if len(value) > _MAX_DATE_TEXT or len(value) < 5 or not value[-1].isdigit():
        return None
    try:
        if match := _MONTH_DAY_YEAR.fullmatch(value):
            month = month_number(match.group(1))
            if month is None:
                return None
            day = int(match.group(2))
            if match.group(3) is None:
                if today is None:
                    return None
                found = date(today.year, month, day)
                return found if found <= today else date(today.year - 1, month, day)
            return date(int(match.group(3)), month, day)
        if match := _DAY_MONTH_YEAR.fullmatch(value):
            month = month_number(match.group(2))
            if month is None:
                return None
            return date(int(match.group(3)), month, int(match.group(1)))
        if match := _ISO_DATE.fullmatch(value):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:  # February 30, year 0
        return None
    return None


def day_of(value: str, today: date) -> date | None:
    """A table's date cell: 'Today', 'Yesterday' or a written date (see :func:`calendar_date`)."""
    if len(value) > _MAX_DATE_TEXT:
        return None
    lowered = value.strip().lower()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    return calendar_date(value, today)


def parse_iso_datetime(value: object) -> datetime | None:
    """'2025-06-21T16:49:41.997Z' (Upwork's JSON) -> an aware datetime; anything else None."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
