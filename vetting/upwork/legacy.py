"""Upwork's 2016 job page, laid out in today's order so that the one job reader reads it.

The 2016 page (``shared/samples/upwork/legacy-2016``) says the same things in another order and
other words: the category glued before "Posted" on one line ("Web Development Posted 31 minutes
ago"), "Flag as inappropriate" between the title and it, the budget and level *above* the
description, which sits under "Details" and runs into the job's features ("Project Stage:
Design"), the client's history and other jobs *before* the sidebar that holds the connects and
"About the Client", "(4.73) 972 reviews", "Over $50,000 Total Spent", "Intermediate Level".
Its Angular templates may be unfilled in a saved copy ("{{ clientName }}"): never a value, and
a figure they leave without its number is unknown ("41 Hires, Active": 41 hires, active
unknown).

:func:`relaid` turns that into the lines today's page gives (title, "Posted ...", "Summary",
the description, the budget and level, the features, the activity, the connects, the client,
then the history), so no rule of the reader needs to know 2016. Pure text in, text out: it takes
the saved page's text and a select-all copy alike. Linear: one pass over the lines.
"""

from __future__ import annotations

import re
from typing import Final

# Words only the 2016 page prints (today's page writes "Activity on this job", "About the
# client", "Client's recent history").
_MARKERS: Final = ("Activity on this Job", "Client's Work History and Feedback", "About the Client")
PLACEHOLDER: Final = re.compile(r"\{\{[^{}]{0,300}\}\}")
# "Web Development Posted 31 minutes ago": the category, then the posting time.
_CATEGORY_POSTED: Final = re.compile(r"^(.{1,80}?)\s+(Posted\s+.{1,40})$")
_FEATURE: Final = re.compile(r"^[A-Z][A-Za-z -]{1,40}:\s")
_REVIEWS: Final = re.compile(r"^\(([0-9](?:\.[0-9]{1,2})?)\)\s*([0-9][0-9,]*)\s+reviews?$")
_OVER_SPENT: Final = re.compile(r"^Over\s+(\$[0-9][0-9,.]*[KkMm]?)\s+Total Spent$")
# "41 Hires, {{ buyer.activeHires }} Active" once its placeholder is gone: the hires stand.
_HIRES_UNFILLED_ACTIVE: Final = re.compile(r"^([0-9][0-9,]*) Hires?,\s*Active$")
# $ / $$ / $$$ levels: "Entry Level", "Intermediate Level", "Expert Level".
_LEVELS: Final = {"Intermediate Level": "Intermediate", "Expert Level": "Expert"}
_HISTORY_HEADS: Final = ("Client's Work History and Feedback", "Other open jobs by this client")
_SIDEBAR_HEADS: Final = ("Submit a Proposal", "Required Connects to submit a proposal")
_DROPPED: Final = frozenset({"Flag as inappropriate", "Flag as inappropriate Thanks for flagging!"})
_DETAILS: Final = "Details"
_ACTIVITY: Final = "Activity on this Job"


def looks_2016(text: str) -> bool:
    """A page of Upwork's 2016 site (or its select-all copy), by words no newer page prints:
    two of the three markers. Each test reads the whole text, and every paste asks this, so a
    page without the first two stops there."""
    activity, history, about = _MARKERS
    if activity in text:
        return history in text or about in text
    return history in text and about in text


def relaid(text: str) -> str:
    """The 2016 page's lines in today's order and wording; other text is returned as it is."""
    return laid_out(text) if looks_2016(text) else text


def laid_out(text: str) -> str:
    """`relaid` for a text `looks_2016` has already recognised (the tokenizer asks first)."""
    if "{{" in text:
        text = PLACEHOLDER.sub("", text)
    lines = [line.strip() for line in text.splitlines()]
    lines = [_reworded(line) for line in lines if line and line not in _DROPPED]
    lines = _split_category(lines)
    lines = _description_first(lines)
    return "\n".join(_history_last(lines))


def _reworded(line: str) -> str:
    if line.startswith("(") and (match := _REVIEWS.match(line)):
        return f"{match.group(1)} of {match.group(2)} reviews"
    if line.startswith("Over ") and (match := _OVER_SPENT.match(line)):
        return f"{match.group(1)}+ total spent"
    if line.endswith("Active") and (match := _HIRES_UNFILLED_ACTIVE.match(line)):
        return f"{match.group(1)} hires"
    return _LEVELS.get(line, line)


def _split_category(lines: list[str]) -> list[str]:
    """'Web Development Posted 31 minutes ago' -> 'Posted 31 minutes ago' under the title; the
    category goes after it, where it is one more line of the header."""
    for index, line in enumerate(lines):
        if " Posted " in line and (match := _CATEGORY_POSTED.match(line)):
            return [*lines[:index], match.group(2), match.group(1), *lines[index + 1 :]]
    return lines


def _description_first(lines: list[str]) -> list[str]:
    """Move the budget and level block (between "Posted" and "Details") under the description,
    where today's page has it and where the reader ends a description."""
    try:
        posted = next(i for i, line in enumerate(lines) if line.startswith("Posted "))
        details = lines.index(_DETAILS, posted)
    except (StopIteration, ValueError):
        return lines
    end = details + 1
    while end < len(lines) and not _FEATURE.match(lines[end]) and lines[end] != _ACTIVITY:
        end += 1
    header = lines[: posted + 2]  # title, "Posted ...", the category
    features = lines[posted + 2 : details]
    return [*header, "Summary", *lines[details + 1 : end], *features, *lines[end:]]


def _history_last(lines: list[str]) -> list[str]:
    """The client's history and other jobs come before the sidebar in 2016: move them to the
    end, where today's reader stops, so the connects and "About the Client" are read."""
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith(_HISTORY_HEADS))
        sidebar = next(
            i for i, line in enumerate(lines) if i > start and line.startswith(_SIDEBAR_HEADS)
        )
    except StopIteration:
        return lines
    return [*lines[:start], *lines[sidebar:], *lines[start:sidebar]]
