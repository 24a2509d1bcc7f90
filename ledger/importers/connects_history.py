"""Read Upwork's Connects History page (`/nx/plans/connects/history`) into plain rows.

Pure: no ORM, no I/O (its one ledger import, ledger.kinds, is a table). Takes either the
select-all copy of the page or the page saved as HTML and returns a `HistoryPage`. Upwork gives
no export and no ids, so this is the only way in; the service layer
(`ledger.importers.history_import`) decides what is new.

How the page is read:
- Both inputs become one stream of text tokens (one per line or table cell in a copy; one per
  block of text in HTML, with the link of a job title and the table cell it sat in). One parser
  reads that stream, so a copy and the saved file of the same page give the same rows.
- A row starts at a date (`Today`, `Yesterday`, `January 11, 2026`, `Jan 11, 2026`) and ends at
  its amount (`-20`, `+21`, `-1 Connect`) and/or the screen-reader sentence (`Spent 20
  Connects`). Between them: the action, then the job title, then (agency pages) the freelancer.
- The saved page holds every row twice: in the table and in a compact list for small screens
  (amounts written `-1 Connect`). When both are there the table wins and the compact list is only
  checked against it; identical rows within the table are real, distinct movements and all stay.
- Row-looking text that cannot be read goes to `unparsed`, never silently away.

It never raises and runs in linear time. HTML, dates and job links are read by the shared
format package (`vetting.upwork`): one HTML5 engine (lexbor) for every Upwork page Bidbook reads.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from ledger.kinds import JOB_KINDS, WORDING_KIND
from ledger.kinds import UNKNOWN_ACTION_KIND as _UNKNOWN_KIND
from vetting.upwork.dates import day_of
from vetting.upwork.html import read_html
from vetting.upwork.links import normalise_link

# --- What each Upwork action means ------------------------------------------------------------
# Upwork's wordings live in ledger.kinds (one row per entry kind, every spelling): the one place
# to change when Upwork renames an action or a new one shows up. Keys are the action as
# `normalise_action` leaves it (lower case, single spaces, no trailing period). Unknown actions
# become UNKNOWN_ACTION_KIND and keep their wording so the user can reclassify.
ACTION_KINDS: dict[str, str] = {wording: str(kind) for wording, kind in WORDING_KIND.items()}
UNKNOWN_ACTION_KIND = str(_UNKNOWN_KIND)

# Kinds whose rows are about one job: a lone text after the action is its title, not a name.
_JOB_KINDS = frozenset(str(kind) for kind in JOB_KINDS)

# Screen-reader verbs ("Spent 20 Connects") and the sign of the movement they describe.
_SPOKEN_SIGN: dict[str, int] = {
    "spent": -1,
    "deducted": -1,
    "used": -1,
    "charged": -1,
    "added": 1,
    "refunded": 1,
    "returned": 1,
    "earned": 1,
    "awarded": 1,
    "received": 1,
    "credited": 1,
    "purchased": 1,
    "bought": 1,
}

# A row that has not reached its amount after this many texts is not a row.
_MAX_ROW_TOKENS = 8
_MAX_UNPARSED_CHARS = 500

# Every pattern runs with fullmatch on one short token (length checked first): no backtracking
# over the document.
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d{1,7})"
_AMOUNT_RE = re.compile(r"([+\-\u2212\u2013]?)\s?" + _NUMBER + r"(\s*connects?)?", re.IGNORECASE)
_SIGNED_AMOUNT_RE = re.compile(r"[+\-\u2212\u2013]\s?" + _NUMBER + r"(\s*connects?)?", re.I)
_SPOKEN_RE = re.compile(r"([a-z]+)\s+" + _NUMBER + r"\s+connects?\.?", re.IGNORECASE)
_BALANCE_LABEL_RE = re.compile(
    r"(?:my balance|available connects|connects balance)\s*:?\s*(?:"
    + _NUMBER
    + r"(?:\s+connects?)?)?",
    re.IGNORECASE,
)
_BALANCE_VALUE_RE = re.compile(_NUMBER + r"(?:\s+connects?)?", re.IGNORECASE)
_WINDOW_RE = re.compile(r"(?:last|past)\s+(\d{1,3})\s+days?", re.IGNORECASE)
# A link already in the form normalise_job_url gives (the export writes them so): kept as is,
# without the general path (an import reads one on every row).
NORMAL_JOB_URL_RE = re.compile(r"https://www\.upwork\.com/jobs/~0[0-9a-f]{3,40}")
# Signs of an amount: plus, hyphen, minus sign, and the en dash some copies turn a minus into.
_SIGNS = frozenset("+-\u2212\u2013")
# Placeholders in an empty cell: em dash, en dash, hyphen, minus sign.
_DASHES = frozenset({"\u2014", "\u2013", "-", "\u2212", "--"})
_SHOW_MORE = frozenset({"show more", "load more"})


# --- The result -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One movement of connects, as the page shows it."""

    date: date
    action: str  # Upwork's wording, trimmed: "Applied to job"
    kind: str  # see ACTION_KINDS
    job_title: str | None
    job_url: str | None  # https://www.upwork.com/jobs/~0... (saved HTML only)
    connects: int  # signed: spent < 0, added > 0


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Everything read off one page; `rows` is empty when the text was not such a page."""

    balance: int | None  # "My balance: 451 Connects"
    rows: tuple[HistoryRow, ...]  # page order, newest first
    unparsed: tuple[str, ...]  # row-looking text that could not be read
    period_start: date | None = None  # the page's window ("Last 7 days"), when it says so
    period_end: date | None = None
    # "Show more" was on the page: older rows of the window were not loaded, so the rows cover
    # less than period_start..period_end.
    has_more: bool = False


@lru_cache(maxsize=1024)  # a page repeats a handful of actions thousands of times
def normalise_action(action: str) -> str:
    """How an action is compared: case, spacing and a trailing period do not matter."""
    return " ".join(action.split()).lower().rstrip(". ")


def kind_of(action: str) -> str:
    return ACTION_KINDS.get(normalise_action(action), UNKNOWN_ACTION_KIND)


def normalise_job_url(url: str | None) -> str | None:
    """A job link as `https://www.upwork.com/jobs/~0...`; other http(s) links kept; else None."""
    if url and NORMAL_JOB_URL_RE.fullmatch(url):
        return url
    return normalise_link(url)


# --- Tokens -----------------------------------------------------------------------------------
@dataclass
class _Tokens:
    """The page as a list of texts (whitespace collapsed), in parallel lists, not objects: a
    page has hundreds of thousands of them."""

    texts: list[str]
    # HTML only: the link each text sat in, and the column of its table cell (-1 outside one).
    hrefs: list[str | None] | None = None
    cells: list[int] | None = None

    def href(self, i: int) -> str | None:
        return self.hrefs[i] if self.hrefs is not None else None

    def cell(self, i: int) -> int:
        return self.cells[i] if self.cells is not None else -1


def _text_tokens(text: str) -> _Tokens:
    """One token per line of a copy; a copied table row also separates its cells by tabs."""
    if "\t" in text:
        text = text.replace("\t", "\n")
    cleaned = [" ".join(line.split()) for line in text.splitlines()]
    return _Tokens([line for line in cleaned if line])


# --- HTML to tokens ---------------------------------------------------------------------------
# The HTML engine is the one every Upwork page goes through (vetting.upwork.html): one token per
# block of visible text, with the link it holds and the column of its table cell.
_LOOKS_LIKE_HTML_RE = re.compile(
    r"<(?:!doctype|html|head|body|table|tbody|tr|td|div|main|section)[\s/>]", re.IGNORECASE
)


def _html_tokens(markup: str) -> _Tokens:
    blocks = read_html(markup).blocks
    return _Tokens(
        [block.text for block in blocks],
        [block.href for block in blocks],
        [block.cell for block in blocks],
    )


# --- Reading one token ------------------------------------------------------------------------
def _parse_date(text: str, today: date) -> date | None:
    # Every date ends with its year, its day or the "y" of Today/Yesterday: most tokens are
    # turned away by their last character.
    if len(text) > 24 or len(text) < 5 or not (text[-1].isdigit() or text[-1] in "yY"):
        return None
    return day_of(text, today)


class _Amount(NamedTuple):
    connects: int
    signed: bool  # "+21"/"-20"; an unsigned "20" needs the spoken sentence for its sign
    compact: bool  # "-1 Connect": the small-screen list's way of writing it


def _parse_amount(text: str) -> _Amount | None:
    if len(text) > 24 or not (text[0] in _SIGNS or text[0].isdigit()):
        return None
    match = _AMOUNT_RE.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(2).replace(",", ""))
    sign = match.group(1)
    return _Amount(-value if sign and sign != "+" else value, bool(sign), bool(match.group(3)))


def _parse_spoken(text: str) -> int | None:
    """'Spent 20 Connects' -> -20; 'Added 21 Connects' -> 21; 'Refunded 2 Connects' -> 2."""
    if len(text) > 40 or text[-1] not in "sStT." or not text[0].isalpha():
        return None
    match = _SPOKEN_RE.fullmatch(text)
    if match is None:
        return None
    sign = _SPOKEN_SIGN.get(match.group(1).lower())
    if sign is None:
        return None
    return sign * int(match.group(2).replace(",", ""))


def _parse_number(text: str) -> int | None:
    if len(text) > 24:
        return None
    match = _BALANCE_VALUE_RE.fullmatch(text)
    return int(match.group(1).replace(",", "")) if match else None


# --- Reading the stream -----------------------------------------------------------------------
@dataclass
class _Found:
    """A row as read, before the table/compact-list reconciliation."""

    row: HistoryRow
    compact: bool
    raw: tuple[int, int]  # where its tokens are, to report it if it cannot be placed


@dataclass
class _Reader:
    tokens: _Tokens
    today: date
    found: list[_Found]
    unparsed: list[str]
    balance: int | None = None
    windows: set[int] = field(default_factory=set)
    has_more: bool = False

    def read(self) -> None:
        texts = self.tokens.texts
        count = len(texts)
        today = self.today
        i = 0
        while i < count:
            text = texts[i]
            # No date starts with a sign: spare the amounts the date check.
            if text[0] not in _SIGNS and (day := _parse_date(text, today)) is not None:
                i = self._row(i, day)
                continue
            self._outside_row(i)
            i += 1

    def _outside_row(self, i: int) -> None:
        text = self.tokens.texts[i]
        if text[0] in _SIGNS:
            if _is_signed_amount(text):
                self.unparsed.append(_clip(text))
            return
        if _parse_spoken(text) is not None:
            self.unparsed.append(_clip(text))
            return
        if len(text) > 60:
            return
        if text.lower() in _SHOW_MORE:
            self.has_more = self.has_more or bool(self.found)
            return
        if self.balance is None:
            self._balance(i)
        if len(text) < 20 and (window := _WINDOW_RE.fullmatch(text)):
            self.windows.add(int(window.group(1)))

    def _balance(self, i: int) -> None:
        texts = self.tokens.texts
        match = _BALANCE_LABEL_RE.fullmatch(texts[i])
        if match is None:
            return
        if match.group(1) is not None:
            self.balance = int(match.group(1).replace(",", ""))
        elif i + 1 < len(texts):
            self.balance = _parse_number(texts[i + 1])

    def _row(self, start: int, day: date) -> int:
        """Read the row starting at the date token `start`; returns where to go on."""
        texts = self.tokens.texts
        count = len(texts)
        content: list[int] = []
        amount: _Amount | None = None
        spoken: int | None = None
        dash = False
        i = start + 1
        while i < count and i - start <= _MAX_ROW_TOKENS:
            text = texts[i]
            if _parse_date(text, self.today) is not None:
                break
            if (spoken := _parse_spoken(text)) is not None:
                i += 1
                if i < count and (amount := _parse_amount(texts[i])) is not None:
                    i += 1
                break
            if (amount := _parse_amount(text)) is not None and (
                amount.signed or amount.compact or _next_is_spoken(texts, i)
            ):
                i += 1
                if i < count and (spoken := _parse_spoken(texts[i])) is not None:
                    i += 1
                break
            amount = None
            if text in _DASHES:
                dash = True
            else:
                content.append(i)
            i += 1
        if amount is None and spoken is None:
            if content and _row_looking([texts[j] for j in content]):
                self.unparsed.append(_raw(texts, (start, i)))
            return i
        connects = _agreed_connects(amount, spoken)
        if connects is None or not content:
            self.unparsed.append(_raw(texts, (start, i)))
            return i
        tokens = self.tokens
        compact = amount is not None and amount.compact and not dash and tokens.cell(content[0]) < 0
        row = _build_row(day, tokens, content, connects, compact)
        self.found.append(_Found(row, compact, (start, i)))
        return i


def _next_is_spoken(texts: list[str], i: int) -> bool:
    return i + 1 < len(texts) and _parse_spoken(texts[i + 1]) is not None


def _is_signed_amount(text: str) -> bool:
    return len(text) <= 24 and _SIGNED_AMOUNT_RE.fullmatch(text) is not None


def _row_looking(content: list[str]) -> bool:
    return normalise_action(content[0]) in ACTION_KINDS or any(
        "connect" in text.lower() for text in content
    )


def _agreed_connects(amount: _Amount | None, spoken: int | None) -> int | None:
    """The signed amount; None when the figure and the sentence disagree (never guessed)."""
    if amount is None:
        return spoken
    if spoken is None:
        return amount.connects if amount.signed or amount.connects == 0 else None
    if amount.signed and amount.connects != spoken:
        return None
    if not amount.signed and amount.connects != abs(spoken):
        return None
    return spoken


def _build_row(
    day: date, tokens: _Tokens, content: list[int], connects: int, compact: bool
) -> HistoryRow:
    texts = tokens.texts
    action, rest = content[0], content[1:]
    kind = kind_of(texts[action])
    action_cell = tokens.cell(action)
    if action_cell >= 0:
        # Saved table: the title shares the action's cell; the freelancer has a cell of its own.
        title_at = [i for i in rest if tokens.cell(i) == action_cell]
    elif compact:
        title_at = rest  # the compact list has no freelancer
    elif len(rest) >= 2:
        title_at = rest[:-1]  # title, then the freelancer's name
    elif rest and (kind in _JOB_KINDS or kind == UNKNOWN_ACTION_KIND or tokens.href(rest[0])):
        title_at = rest
    else:
        title_at = []  # a badge or a grant with the agency freelancer's name beside it
    title = " ".join(texts[i] for i in title_at) or None
    href = next((tokens.href(i) for i in title_at if tokens.href(i)), None)
    return HistoryRow(
        date=day,
        action=texts[action],
        kind=kind,
        job_title=title,
        job_url=normalise_job_url(href),
        connects=connects,
    )


def _raw(texts: list[str], span: tuple[int, int]) -> str:
    return _clip(" | ".join(texts[span[0] : span[1]]))


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_UNPARSED_CHARS else text[: _MAX_UNPARSED_CHARS - 1] + "…"


def _loose_key(row: HistoryRow) -> tuple[date, str, int]:
    return (row.date, normalise_action(row.action), row.connects)


def _reconcile(found: list[_Found], texts: list[str], unparsed: list[str]) -> list[HistoryRow]:
    """Each movement once: the table when the page has it, the compact list otherwise.

    The compact list is checked against the table by (date, action, connects) (its titles are
    read without the table's columns); a compact row the table lacks is reported, not dropped.
    """
    table = [f for f in found if not f.compact]
    compact = [f for f in found if f.compact]
    if not table or not compact:
        return [f.row for f in found]
    budget = Counter(_loose_key(f.row) for f in table)
    for extra in compact:
        key = _loose_key(extra.row)
        if budget[key] > 0:
            budget[key] -= 1
        else:
            unparsed.append(
                _raw(texts, extra.raw) + " (in the small-screen list, not in the table)"
            )
    return [f.row for f in table]


def _read(tokens: _Tokens, today: date) -> HistoryPage:
    reader = _Reader(tokens=tokens, today=today, found=[], unparsed=[])
    reader.read()
    rows = _reconcile(reader.found, tokens.texts, reader.unparsed)
    # A movement of nothing is not a movement: Upwork shows none, so such a row is a misread.
    for row in rows:
        if row.connects == 0:
            reader.unparsed.append(f"{row.date:%B %d, %Y} {row.action} 0 Connects")
    rows = [row for row in rows if row.connects != 0]
    period_start = period_end = None
    if len(reader.windows) == 1:
        # One window phrase: "Last 7 days" reaches back 7 days from today. Several (an open
        # dropdown listing 7, 30 and 90) say nothing.
        (days,) = reader.windows
        period_end = today
        period_start = today - timedelta(days=days)
    return HistoryPage(
        balance=reader.balance,
        rows=tuple(rows),
        unparsed=tuple(reader.unparsed),
        period_start=period_start,
        period_end=period_end,
        has_more=reader.has_more,
    )


def parse_connects_history(text: str, now: datetime) -> HistoryPage:
    """Rows, balance and window of a pasted or saved Connects History page; never raises.

    `now` is the moment the page was looked at: "Today" and "Yesterday" are read against it.
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text:
        return HistoryPage(balance=None, rows=(), unparsed=())
    # NUL bytes never belong to a web page, and PostgreSQL refuses them in text columns.
    text = text.replace("\x00", "")
    today = now.date() if isinstance(now, datetime) else now
    if _LOOKS_LIKE_HTML_RE.search(text):
        page = _read(_html_tokens(text), today)
        if page.rows:
            return page
        # Text that merely mentions a tag ("Fix <div> layout"): read it as a copy too.
        as_text = _read(_text_tokens(text), today)
        return as_text if as_text.rows else page
    return _read(_text_tokens(text), today)


def history_row_key(row: HistoryRow) -> tuple[date, str, str, str, int]:
    """The identity of a movement for an idempotent import; compare counts, not presence.

    The job is named by its title, not its link: a pasted copy has no links, and the copy and
    the saved file of one page must give the same keys or importing both would count twice.
    """
    title = " ".join((row.job_title or "").split()).casefold()
    return (row.date, row.kind, normalise_action(row.action), title, row.connects)


def count_keys(rows: Iterable[HistoryRow]) -> Counter[tuple[date, str, str, str, int]]:
    return Counter(history_row_key(row) for row in rows)
