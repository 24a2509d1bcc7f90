"""The boost bid table of Upwork's apply page: which bid ranked in which boosted place.

Pure: text in, rows out. The apply page shows, for each of the four boosted places, the lowest
bid that would take it ("Bid 101 Connects or higher to be ranked in 1st place"); some captures
show it as a table ("1st place" / "101 Connects"), and a textContent capture runs the two
together ("1st place101 Connects"). Bidbook keeps what the page showed with the application, so
a boost can later be weighed against what the places cost that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACES = 4  # Upwork's boosted slots
_MAX_CONNECTS = 10_000

_SENTENCE = re.compile(
    r"bid\s+(?P<connects>\d{1,5})\s+connects?\s+or\s+(?:higher|more)\s+to\s+be\s+ranked\s+"
    r"(?:in\s+)?(?P<place>[1-9])(?:st|nd|rd|th)\s+place",
    re.IGNORECASE,
)
_ROW = re.compile(
    r"(?P<place>[1-9])(?:st|nd|rd|th)\s*place\s*[:\-\u2013]?\s*(?P<connects>\d{1,5})\s*connects?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Bid:
    place: int
    connects: int

    def to_json(self) -> dict[str, int]:
        return {"place": self.place, "connects": self.connects}


def read_bid_table(text: str) -> list[Bid]:
    """The places 1-4 and the bid each needed, in place order; [] when the page has none.

    The sentence form wins over a table row for the same place; the first mention of a place
    counts, as the page lists the current table before any explanation.
    """
    found: dict[int, int] = {}
    for pattern in (_SENTENCE, _ROW):
        for match in pattern.finditer(text or ""):
            place, connects = int(match["place"]), int(match["connects"])
            if 1 <= place <= PLACES and connects <= _MAX_CONNECTS:
                found.setdefault(place, connects)
    return [Bid(place, found[place]) for place in sorted(found)]


def bids_from_json(data: object) -> list[Bid]:
    """The stored table back as Bids; a damaged row gives what can still be read."""
    bids = []
    for row in data if isinstance(data, list) else []:
        if isinstance(row, dict):
            place, connects = row.get("place"), row.get("connects")
            if isinstance(place, int) and isinstance(connects, int):
                bids.append(Bid(place, connects))
    return bids


def place_for(bids: list[Bid], boost: int) -> int | None:
    """The best place a boost of ``boost`` connects would have taken by the table; None when it
    would have taken none (or there was no boost)."""
    if boost <= 0:
        return None
    return next(
        (bid.place for bid in sorted(bids, key=lambda b: b.place) if boost >= bid.connects), None
    )
