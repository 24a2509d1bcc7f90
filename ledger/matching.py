"""Is this the same proposal? One job title as Upwork's history shows it and as a user typed it.

Pure: no ORM. Upwork's Connects History cuts long titles and a hand-kept CSV drops or changes
punctuation ("Full-Stack Team, AI platform" / "Full Stack Team - AI Platform..."), so titles are
compared after normalising, a title cut short matches the whole one, and what is left is scored
by rapidfuzz (a maintained C++ implementation of edit-distance ratios). TITLE_MATCH_MIN is the
score two titles must reach; tests/ledger/test_matching.py pins it with pairs either side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from rapidfuzz import fuzz

T = TypeVar("T")

TITLE_MATCH_MIN = 90.0
# A title cut to fewer characters than this says too little to be matched by its start alone.
PREFIX_MIN = 16
_NOT_WORD = re.compile(r"[^\w]+")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


def title_norm(title: str) -> str:
    """Lower case, punctuation to spaces, one space between words, no trailing ellipsis."""
    return " ".join(_NOT_WORD.sub(" ", _ELLIPSIS.sub("", title or "").lower()).split())


def title_score(a: str, b: str) -> float:
    """0-100: how alike two job titles are; 100 when one is the other cut short."""
    x, y = title_norm(a), title_norm(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 100.0
    short, long = sorted((x, y), key=len)
    if len(short) >= PREFIX_MIN and long.startswith(short):
        return 100.0
    return float(fuzz.ratio(x, y))


def titles_match(a: str, b: str) -> bool:
    return title_score(a, b) >= TITLE_MATCH_MIN


def best_title_match(title: str, candidates: Iterable[T], title_of: Callable[[T], str]) -> T | None:
    """The candidate whose title is most like `title`, if it reaches TITLE_MATCH_MIN."""
    best: T | None = None
    best_score = TITLE_MATCH_MIN
    for candidate in candidates:
        score = title_score(title, title_of(candidate))
        if score >= best_score and (best is None or score > best_score):
            best, best_score = candidate, score
    return best
