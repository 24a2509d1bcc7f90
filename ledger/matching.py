"""Is this the same proposal? One job title as Upwork's history shows it and as a user typed it.

Pure: no ORM. Upwork's Connects History cuts long titles and a hand-kept CSV drops or changes
punctuation ("Full-Stack Team, AI platform" / "Full Stack Team - AI Platform..."), so titles are
compared after normalising, a title cut short matches the whole one, and what is left is scored
by rapidfuzz (a maintained C++ implementation of edit-distance ratios). TITLE_MATCH_MIN is the
score two titles must reach; tests/ledger/test_matching.py pins it with pairs either side.

An import matches thousands of rows against the same candidates, so the candidates' titles are
normalised once (`title_norm`) and each row is scored against a whole list of them by
rapidfuzz's own loop (`best_index`, `first_index`), not one Python call a pair. A whole day of
rows against that day's candidates (`pair_off`) turns it round: one call per candidate over the
rows (a day has ~27 candidates and more rows), the same figures since both scores are symmetric.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Prefix

T = TypeVar("T")

TITLE_MATCH_MIN = 90.0
# A title cut to fewer characters than this says too little to be matched by its start alone.
PREFIX_MIN = 16
_WORD = re.compile(r"\w+")
# Sorts after every character a title can hold: the end of the range of titles with a start.
_LAST = "\U0010ffff"


def title_norm(title: str) -> str:
    """Lower case, punctuation to spaces, one space between words, no trailing ellipsis.

    The words and nothing else: an ellipsis ("..." or "…") is punctuation like the rest, so it
    goes with it. One regex pass, as an import runs this on 100,000 titles."""
    return " ".join(_WORD.findall(title.lower())) if title else ""


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


def _ratio_window(length: int) -> tuple[int, int]:
    """The lengths a title of `length` characters can have and still reach TITLE_MATCH_MIN by
    ratio: ratio is 100 * (1 - distance / (l1 + l2)) and the distance is at least |l1 - l2|,
    so 10 * |l1 - l2| <= l1 + l2. Two characters wider either side than that, so rounding can
    never leave out a pair rapidfuzz would pass; rapidfuzz scores whatever is inside."""
    return (9 * length - 2) // 11, (11 * length + 2) // 9 + 1


def pair_off(
    rows: Sequence[str],
    candidates: Sequence[str],
    *,
    rows_keyed: Sequence[bool] = (),
    candidates_keyed: Sequence[bool] = (),
) -> list[int | None]:
    """For each row in turn, the index of the first candidate it matches that no earlier row
    took, else None: `first_index` row after row over a pool a match is taken out of (so two
    identical rows take two candidates), with the same figures.

    `rows` and `candidates` are titles through title_norm. A row and a candidate that are both
    keyed (both have a job link) are never paired here: their keys already said they differ.

    A day of an import has ~27 candidates and ~140 rows, nearly all of other lengths and other
    starts than a given candidate's: each candidate is scored in one rapidfuzz call against the
    rows of a length that can reach TITLE_MATCH_MIN (ratio and the common prefix are
    symmetric, so that is first_index's figure), and its prefix rule is looked up among the
    rows that share its first PREFIX_MIN characters (sorted, so they sit together).
    """
    paired: list[int | None] = [None] * len(rows)
    if not rows or not candidates:
        return paired
    keyed_rows = rows_keyed or [False] * len(rows)
    by_length = sorted((len(norm), index) for index, norm in enumerate(rows) if norm)
    lengths = [length for length, _ in by_length]
    by_text = sorted((norm, index) for index, norm in enumerate(rows) if len(norm) >= PREFIX_MIN)
    texts = [norm for norm, _ in by_text]
    hits: dict[int, list[int]] = {}
    for index, norm in enumerate(candidates):
        if not norm:
            continue
        keyed = bool(candidates_keyed) and candidates_keyed[index]
        found: set[int] = set()
        low, high = _ratio_window(len(norm))
        window = [
            row
            for _, row in by_length[bisect_left(lengths, low) : bisect_right(lengths, high)]
            if not (keyed and keyed_rows[row])
        ]
        if window:
            found.update(
                window[at]
                for _, _, at in process.extract(
                    norm,
                    [rows[row] for row in window],
                    scorer=fuzz.ratio,
                    score_cutoff=TITLE_MATCH_MIN,
                    limit=None,
                )
            )
        if len(norm) >= PREFIX_MIN:
            # One title cut short from the other, both at least PREFIX_MIN long.
            start = norm[:PREFIX_MIN]
            for text, row in by_text[bisect_left(texts, start) : bisect_left(texts, start + _LAST)]:
                if not (keyed and keyed_rows[row]) and (
                    text.startswith(norm) or norm.startswith(text)
                ):
                    found.add(row)
        for row in found:
            hits.setdefault(row, []).append(index)  # candidates in order: each list is sorted
    # Popping a candidate out of first_index's list keeps the others in order, so "the first
    # left" is the lowest index not yet taken.
    free = [True] * len(candidates)
    for row in sorted(hits):
        taken = next((i for i in hits[row] if free[i]), None)
        if taken is not None:
            free[taken] = False
            paired[row] = taken
    return paired


def best_title_match(title: str, candidates: Iterable[T], title_of: Callable[[T], str]) -> T | None:
    """The candidate whose title is most like `title`, if it reaches TITLE_MATCH_MIN."""
    items = list(candidates)
    index = best_index(title, [title_norm(title_of(item)) for item in items])
    return None if index is None else items[index]
