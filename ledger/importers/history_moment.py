"""When a Connects History page was saved: the moment its "Today" and "Yesterday" mean.

Pure: no ORM, no I/O. A page saved by the browser embeds Upwork's own state, and each movement
in it carries Upwork's time (`"Mon Jan 12 09:18:01 UTC 2026"`). The page was saved after the
newest of them and shows nothing later, so that time is the page's moment: every row on it
happened at or before it. A select-all copy has no such times; the user says when it was saved
(the import form's "page saved on", the API's `saved_at`, the command's `--saved-at`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

# Java's Date.toString(), as Upwork's state serialises a transaction's time.
_UPWORK_TIME_RE = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d{2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})\b"
)
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}


def embedded_saved_at(text: str) -> datetime | None:
    """The newest movement time Upwork embedded in a saved page (UTC); None in a plain copy."""
    if "<" not in text:
        return None
    newest: datetime | None = None
    for month, day, hour, minute, second, year in _UPWORK_TIME_RE.findall(text):
        try:
            moment = datetime(
                int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=UTC
            )
        except ValueError:  # "Feb 31": not a time Upwork wrote
            continue
        if newest is None or moment > newest:
            newest = moment
    return newest
