"""Is this the same proposal? One job title as Upwork's history shows it and as a user typed it.

Pure: no ORM. Upwork's Connects History cuts long titles and a hand-kept CSV drops or changes
punctuation ("Full-Stack Team, AI platform" / "Full Stack Team - AI Platform..."), so titles are
compared after normalising, a title cut short matches the whole one, and what is left is scored
by rapidfuzz (a maintained C++ implementation of edit-distance ratios). TITLE_MATCH_MIN is the
score two titles must reach; tests/ledger/test_matching.py pins it with pairs either side.

An import matches thousands of rows against the same candidates, so the candidates' titles are
normalised once (`title_norm`) and each row is scored against a whole list of them by
rapidfuzz's own loop (`best_index`, `first_index`), not one Python call a pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Prefix

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


def _scores(norm: str, norms: Sequence[str]) -> dict[int, float]:
    """{index: score} of the `norms` (titles through title_norm) that match `norm`, one
    already normalised title: title_score's figures, computed by rapidfuzz over the list."""
    if not norm or not norms:
        return {}
    # An empty candidate scores 0 against a non-empty title, as title_score says.
    hits = {
        index: float(score)
        for _, score, index in process.extract(
            norm, norms, scorer=fuzz.ratio, score_cutoff=TITLE_MATCH_MIN, limit=None
        )
    }
    if len(norm) >= PREFIX_MIN:
        # One title cut short from the other: their common start is the whole shorter one.
        for choice, common, index in process.extract(
            norm, norms, scorer=Prefix.similarity, score_cutoff=PREFIX_MIN, limit=None
        ):
            if common == min(len(norm), len(choice)):
                hits[index] = 100.0
    return hits


def best_index(title: str, norms: Sequence[str]) -> int | None:
    """The index of the candidate most like `title` (the first of the best), if it reaches
    TITLE_MATCH_MIN; `norms` are the candidates' titles through title_norm."""
    hits = _scores(title_norm(title), norms)
    if not hits:
        return None
    top = max(hits.values())
    return min(index for index, score in hits.items() if score == top)


def first_index(title: str, norms: Sequence[str]) -> int | None:
    """The index of the first candidate that matches `title` at all (see best_index)."""
    hits = _scores(title_norm(title), norms)
    return min(hits) if hits else None


def best_title_match(title: str, candidates: Iterable[T], title_of: Callable[[T], str]) -> T | None:
    """The candidate whose title is most like `title`, if it reaches TITLE_MATCH_MIN."""
    items = list(candidates)
    index = best_index(title, [title_norm(title_of(item)) for item in items])
    return None if index is None else items[index]
