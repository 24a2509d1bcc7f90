"""Read a user's spreadsheet of applications (CSV with a header row) into checked rows.

Pure: no Django, no ORM, no I/O. Every row is checked on its own and either kept or rejected
with a reason that names the field, so one bad row never stops the good ones. The file's format
is the first eight columns of the applications export (`ledger.csv_export`), so an export reads
back in; any other column is ignored.

Columns (header names are matched ignoring case, spaces and hyphens):
  submitted_at        required  YYYY-MM-DD, not in the future
  job_title           required  text, at most 300 characters
  connects            required  whole number 0..500
  job_url             optional  http(s) link
  boost_connects      optional  whole number 0..1000, default 0
  outcome             optional  one of OUTCOME_CODES; empty (or "pending") = no outcome yet
  outcome_at          optional  YYYY-MM-DD, not before submitted_at, not in the future
  contract_value_usd  optional  dollars >= 0, two decimals at most; kept only when hired
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from ledger.importers.connects_history import NORMAL_JOB_URL_RE, normalise_job_url
from ledger.policy import OUTCOME_CODES, Outcome

REQUIRED_COLUMNS: tuple[str, ...] = ("submitted_at", "job_title", "connects")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "job_url",
    "boost_connects",
    "outcome",
    "outcome_at",
    "contract_value_usd",
)
# Limits of the Application model's fields (job_title max_length, job_url max_length,
# connects_paid and boost_connects validators, contract_value_usd max_digits=12).
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 500
MAX_CONNECTS = 500
MAX_BOOST_CONNECTS = 1000
MAX_CONTRACT_VALUE = Decimal("9999999999.99")

# A header may sit below a title line or two that a spreadsheet added; look this far for it.
_HEADER_SEARCH_ROWS = 10
_MAX_RAW_CHARS = 500
# csv errors (a field over csv's size limit) are reported per row; past this many, give up.
_MAX_READ_ERRORS = 100
# The export puts an apostrophe before a cell a spreadsheet would run as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")
_WHOLE_RE = re.compile(r"\d{1,7}")
_MONEY_RE = re.compile(r"\d{1,13}(?:\.\d{1,2})?")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CsvApplicationRow:
    line: int  # where the row starts in the file, counting the header as line 1
    submitted_at: date
    job_title: str
    job_url: str | None
    connects: int
    boost_connects: int = 0
    outcome: str | None = None  # one of OUTCOME_CODES; None = pending
    outcome_at: date | None = None
    contract_value_usd: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CsvRejectedRow:
    line: int
    # The row as read (column -> cell); a service that refuses a row may give its text instead.
    raw: Mapping[str, str] | str
    reason: str  # "connects: must be a whole number from 0 to 500" (several joined by "; ")


@dataclass(frozen=True, slots=True)
class CsvParseResult:
    rows: tuple[CsvApplicationRow, ...]
    rejected: tuple[CsvRejectedRow, ...]
    missing_columns: tuple[str, ...] = ()
    error: str | None = None  # the file as a whole could not be read


def _normal_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def csv_row_key(row: CsvApplicationRow) -> tuple[date, str, int]:
    """What makes a row "already there": the day, the job (link, else title), the connects."""
    return application_key(row.submitted_at, row.job_url, row.job_title, row.connects)


def application_key(
    submitted_on: date, job_url: str | None, job_title: str, connects: int
) -> tuple[date, str, int]:
    """`csv_row_key` from an application's fields, so a row and a stored one compare alike."""
    url = normalise_job_url(job_url) if job_url else None
    return (submitted_on, url or _normal_title(job_title), connects)


# --- Reading the file -------------------------------------------------------------------------
def _decode(data: bytes | str) -> tuple[str, bool]:
    """The text, and whether bytes had to be replaced because they were not UTF-8."""
    if isinstance(data, str):
        text, damaged = data, False
    else:
        raw = bytes(data)
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode text" export.
            text, damaged = raw.decode("utf-16", errors="replace"), False
        else:
            try:
                text, damaged = raw.decode("utf-8-sig"), False
            except UnicodeDecodeError:
                text, damaged = raw.decode("utf-8-sig", errors="replace"), True
    # The csv module refuses NUL characters; a byte-order mark may survive a str round trip.
    return text.lstrip("\ufeff").replace("\x00", ""), damaged


def _delimiter(text: str) -> str:
    """Comma, unless the first line is clearly separated by semicolons or tabs (Excel locales)."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _records(text: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(first line, cells or None when unreadable, error) for every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    last_line = 0
    errors = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors += 1
            if reader.line_num <= last_line or errors > _MAX_READ_ERRORS:
                return
            yield last_line + 1, None, str(exc)
            last_line = reader.line_num
            continue
        start, last_line = last_line + 1, reader.line_num
        if "".join(cells).strip():  # a record of empty cells is a blank line
            yield start, cells, ""


def _column_name(header: str) -> str:
    return "_".join(header.replace("\ufeff", "").replace("-", " ").strip().lower().split())


def _header_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        columns.setdefault(_column_name(cell), index)
    return columns


# --- Checking one row -------------------------------------------------------------------------
def _cell(value: str) -> str:
    value = value.strip()
    if value.startswith("'") and value[1:2] and value[1:2] in _FORMULA_STARTS:
        return value[1:]
    return value


def _parse_iso_date(value: str) -> date | None:
    match = _DATE_RE.fullmatch(value)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _whole(value: str, low: int, high: int) -> int | None:
    if not _WHOLE_RE.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def _money(value: str) -> Decimal | None:
    cleaned = value.removeprefix("$").replace(",", "").strip()
    if not _MONEY_RE.fullmatch(cleaned):
        return None
    try:
        amount = Decimal(cleaned).quantize(_CENT)
    except InvalidOperation:
        return None
    return amount if amount <= MAX_CONTRACT_VALUE else None


def _http_url(value: str) -> bool:
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[" and other broken hosts
        return False
    host = parts.hostname or ""
    return parts.scheme.lower() in ("http", "https") and ("." in host or host == "localhost")


class _RowChecker:
    """Turns one record into a row or a list of reasons; collects every reason, not the first."""

    def __init__(self, cells: Mapping[str, str], today: date) -> None:
        self.cells = cells
        self.today = today
        self.reasons: list[str] = []

    def value(self, column: str) -> str:
        return _cell(self.cells.get(column, ""))

    def fail(self, column: str, message: str) -> None:
        self.reasons.append(f"{column}: {message}")

    def day(self, column: str, *, required: bool) -> date | None:
        value = self.value(column)
        if not value:
            if required:
                self.fail(column, "required")
            return None
        found = _parse_iso_date(value)
        if found is None:
            self.fail(column, "must be a date written YYYY-MM-DD")
        elif found > self.today:
            self.fail(column, "must not be in the future")
            return None
        return found

    def title(self) -> str:
        title = " ".join(self.value("job_title").split())
        if not title:
            self.fail("job_title", "required")
        elif len(title) > MAX_TITLE_LENGTH:
            self.fail("job_title", f"must be at most {MAX_TITLE_LENGTH} characters")
        return title

    def url(self) -> str | None:
        value = self.value("job_url")
        if not value:
            return None
        if len(value) > MAX_URL_LENGTH:
            self.fail("job_url", f"must be at most {MAX_URL_LENGTH} characters")
            return None
        if NORMAL_JOB_URL_RE.fullmatch(value):  # Upwork's own form (the export's): it is fine
            return value
        if not _http_url(value):
            self.fail("job_url", "must be an http(s) link")
            return None
        return normalise_job_url(value)

    def whole(self, column: str, high: int, *, required: bool) -> int:
        value = self.value(column)
        if not value:
            if required:
                self.fail(column, "required")
            return 0
        number = _whole(value, 0, high)
        if number is None:
            self.fail(column, f"must be a whole number from 0 to {high}")
            return 0
        return number

    def outcome(self) -> str | None:
        value = "_".join(self.value("outcome").replace("-", " ").lower().split())
        if not value or value == "pending":
            return None
        if value not in OUTCOME_CODES:
            self.fail("outcome", f"must be one of {', '.join(OUTCOME_CODES)}, or empty (pending)")
            return None
        return value

    def contract_value(self, outcome: str | None) -> Decimal | None:
        value = self.value("contract_value_usd")
        if not value:
            return None
        amount = _money(value)
        if amount is None:
            self.fail("contract_value_usd", "must be an amount in dollars, 0 or more, like 1250.00")
            return None
        # Only a contract won has a value; an export may carry one on other rows: ignored.
        return amount if outcome == Outcome.HIRED else None


def _check_row(line: int, cells: Mapping[str, str], today: date) -> CsvApplicationRow | str:
    check = _RowChecker(cells, today)
    submitted_at = check.day("submitted_at", required=True)
    title = check.title()
    url = check.url()
    connects = check.whole("connects", MAX_CONNECTS, required=True)
    boost = check.whole("boost_connects", MAX_BOOST_CONNECTS, required=False)
    outcome = check.outcome()
    outcome_at = check.day("outcome_at", required=False)
    if outcome_at is not None:
        if submitted_at is not None and outcome_at < submitted_at:
            check.fail("outcome_at", "must not be before submitted_at")
        elif outcome is None and not check.value("outcome"):
            check.fail("outcome_at", "given without an outcome")
    contract_value = check.contract_value(outcome)
    if check.reasons or submitted_at is None:
        return "; ".join(check.reasons)
    return CsvApplicationRow(
        line=line,
        submitted_at=submitted_at,
        job_title=title,
        job_url=url,
        connects=connects,
        boost_connects=boost,
        outcome=outcome,
        outcome_at=outcome_at,
        contract_value_usd=contract_value,
    )


_ABSENT = 1 << 30  # the index of a column the file lacks: past the end of every row
_OUTCOME_SET = frozenset(OUTCOME_CODES)


def _plain_date(value: str) -> date | None:
    """YYYY-MM-DD and nothing else, else None (`_parse_iso_date` reads the other forms)."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class _Seen:
    """What `_fast_row` already read in this file, by the cell's text. A file of 100,000 rows
    has a few hundred days, a few dozen connects figures and a handful of outcomes: each is
    read once, then looked up."""

    def __init__(self) -> None:
        self.days: dict[str, date | None] = {}
        self.connects: dict[str, int | None] = {}
        self.boosts: dict[str, int | None] = {}
        # The outcome code, None for pending, _NOT_AN_OUTCOME for anything else.
        self.outcomes: dict[str, str | None] = {}


_NOT_AN_OUTCOME = "\x00"  # no code is a NUL, and NULs are gone before the rows are read


def _fast_outcome(value: str) -> str | None:
    outcome = "_".join(value.replace("-", " ").lower().split())
    if not outcome or outcome == "pending":
        return None
    return outcome if outcome in _OUTCOME_SET else _NOT_AN_OUTCOME


def _fast_row(
    line: int, cells: list[str], at: tuple[int, ...], today: date, seen: _Seen | None = None
) -> CsvApplicationRow | None:
    """`_check_row` for a row with nothing unusual in it, without its per-cell objects (an
    import reads 100,000 rows); None for anything else, which `_check_row` then reads and
    explains. It accepts only what `_check_row` accepts, and returns the same row. `seen` is
    the file's memo (a row alone gets its own)."""
    if seen is None:
        seen = _Seen()
    n = len(cells)
    values = [cells[i].strip() if i < n else "" for i in at]
    submitted_raw, title_raw, connects_raw, url_raw, boost_raw = values[:5]
    outcome_raw, outcome_at_raw, contract_raw = values[5:]
    if not (submitted_raw and title_raw and connects_raw):
        return None
    # A title behind the export's formula guard is _cell's business; in every other column an
    # apostrophe fails the fast checks below and goes the slow way anyway.
    if title_raw[0] == "'":
        return None
    try:
        submitted_at = seen.days[submitted_raw]
    except KeyError:
        submitted_at = seen.days[submitted_raw] = _plain_date(submitted_raw)
    if submitted_at is None or submitted_at > today:
        return None
    title = " ".join(title_raw.split())
    if len(title) > MAX_TITLE_LENGTH:
        return None
    url: str | None = None
    if url_raw:
        if len(url_raw) > MAX_URL_LENGTH:
            return None
        if NORMAL_JOB_URL_RE.fullmatch(url_raw):
            url = url_raw
        elif _http_url(url_raw):
            url = normalise_job_url(url_raw)
        else:
            return None
    try:
        connects = seen.connects[connects_raw]
    except KeyError:
        connects = seen.connects[connects_raw] = _whole(connects_raw, 0, MAX_CONNECTS)
    boost: int | None = 0
    if boost_raw:
        try:
            boost = seen.boosts[boost_raw]
        except KeyError:
            boost = seen.boosts[boost_raw] = _whole(boost_raw, 0, MAX_BOOST_CONNECTS)
    if connects is None or boost is None:
        return None
    try:
        outcome = seen.outcomes[outcome_raw]
    except KeyError:
        outcome = seen.outcomes[outcome_raw] = _fast_outcome(outcome_raw)
    if outcome == _NOT_AN_OUTCOME:
        return None
    outcome_at = None
    if outcome_at_raw:
        try:
            outcome_at = seen.days[outcome_at_raw]
        except KeyError:
            outcome_at = seen.days[outcome_at_raw] = _plain_date(outcome_at_raw)
        if outcome_at is None or outcome_at > today or outcome_at < submitted_at:
            return None
        if outcome is None and not outcome_raw:
            return None
    contract = None
    if contract_raw:
        contract = _money(contract_raw)
        if contract is None:
            return None
        if outcome != Outcome.HIRED:
            contract = None
    return CsvApplicationRow(
        line=line,
        submitted_at=submitted_at,
        job_title=title,
        job_url=url,
        connects=connects,
        boost_connects=boost,
        outcome=outcome,
        outcome_at=outcome_at,
        contract_value_usd=contract,
    )


def _named_cells(columns: Mapping[str, int], cells: list[str]) -> dict[str, str]:
    return {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}


def _raw_row(columns: Mapping[str, int], cells: list[str]) -> dict[str, str]:
    """The row for the rejection report: every named column, long cells shortened."""
    return {
        name: value if len(value) <= _MAX_RAW_CHARS else value[:_MAX_RAW_CHARS] + "…"
        for name, value in _named_cells(columns, cells).items()
        if name
    }


def _find_header(
    records: Iterator[tuple[int, list[str] | None, str]],
) -> tuple[dict[str, int] | None, dict[str, int] | None]:
    """The header row (consumed from `records`), else the likeliest candidate for the message."""
    best: dict[str, int] | None = None
    best_score = -1
    for seen, (_line, cells, _error) in enumerate(records, start=1):
        if cells is not None:
            columns = _header_columns(cells)
            score = sum(name in columns for name in REQUIRED_COLUMNS)
            if score == len(REQUIRED_COLUMNS):
                return columns, columns
            if score > best_score:
                best, best_score = columns, score
        if seen >= _HEADER_SEARCH_ROWS:
            break
    return None, best


def _not_readable(damaged: bool, what: str) -> CsvParseResult:
    hint = " It is not UTF-8 text: save it from your spreadsheet as CSV UTF-8." if damaged else ""
    return CsvParseResult(
        rows=(),
        rejected=(),
        missing_columns=REQUIRED_COLUMNS,
        error=f"{what}{hint}",
    )


def parse_applications_csv(data: bytes | str, today: date) -> CsvParseResult:
    """Every valid row of the file, and every invalid one with its reasons; never raises."""
    if not isinstance(data, bytes | bytearray | str):
        return _not_readable(False, "The file could not be read.")
    text, damaged = _decode(data)
    records = _records(text)
    header, best = _find_header(records)
    if header is None:
        if best is None:
            return _not_readable(damaged, "The file is empty.")
        missing = tuple(name for name in REQUIRED_COLUMNS if name not in best)
        if len(missing) == len(REQUIRED_COLUMNS):
            return _not_readable(
                damaged,
                "No header row naming the columns submitted_at, job_title and connects was found.",
            )
        return CsvParseResult(
            rows=(),
            rejected=(),
            missing_columns=missing,
            error=f"Missing required columns: {', '.join(missing)}.",
        )

    rows: list[CsvApplicationRow] = []
    rejected: list[CsvRejectedRow] = []
    at = tuple(header.get(name, _ABSENT) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
    seen = _Seen()
    for line, cells, error in records:  # the same iterator: carries on below the header
        if cells is None:
            rejected.append(CsvRejectedRow(line=line, raw={}, reason=f"row: unreadable ({error})"))
            continue
        fast = _fast_row(line, cells, at, today, seen)
        if fast is not None:
            rows.append(fast)
            continue
        checked = _check_row(line, _named_cells(header, cells), today)
        if isinstance(checked, str):
            rejected.append(CsvRejectedRow(line=line, raw=_raw_row(header, cells), reason=checked))
        else:
            rows.append(checked)
    return CsvParseResult(rows=tuple(rows), rejected=tuple(rejected))
