"""CSV exports of a user's applications and connects entries.

The applications file reads back through the applications importer: its first eight columns are
the import format, the rest are read-only figures the importer ignores. Text a spreadsheet could
take for a formula gets a leading apostrophe (CSV injection); numbers are left alone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from accounts.models import User
from ledger.models import Application
from ledger.money import usd_str
from ledger.policy import fate_of
from ledger.selectors import applications_for, entries_with_running_balance, paid_by_application

APPLICATION_COLUMNS: tuple[str, ...] = (
    "submitted_at",
    "job_title",
    "job_url",
    "connects",
    "boost_connects",
    "outcome",
    "outcome_at",
    "contract_value_usd",
    # Read-only: derived from the entries, ignored on import.
    "status",
    "paid",
    "refunded",
    "fate",
)
ENTRY_COLUMNS: tuple[str, ...] = (
    "date",
    "kind",
    "connects",
    "usd_paid",
    "application",
    "note",
    "upwork_action",
    "running_balance",
)

# Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# Page through applications so paid_by_application's IN list stays small on every database.
_CHUNK = 500


class _Writable(Protocol):
    def write(self, s: str, /) -> object: ...


def safe_cell(value: object) -> str:
    """The cell as text, defused when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _usd(amount: Decimal | None) -> str:
    return "" if amount is None else usd_str(amount)


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _chunks(items: Sequence[Application], size: int) -> Iterator[Sequence[Application]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def application_rows(
    owner: User, *, date_from: date | None = None, date_to: date | None = None
) -> Iterator[list[str]]:
    """One row per application submitted in the period, oldest first, without the header."""
    applications = applications_for(owner).order_by("submitted_on", "id")
    if date_from:
        applications = applications.filter(submitted_on__gte=date_from)
    if date_to:
        applications = applications.filter(submitted_on__lte=date_to)
    for chunk in _chunks(list(applications), _CHUNK):
        money = paid_by_application(chunk)
        for app in chunk:
            yield [
                _iso(app.submitted_on),
                safe_cell(app.job_title),
                safe_cell(app.job_url),
                str(app.connects_paid),
                str(app.boost_connects),
                app.outcome,
                _iso(app.outcome_on),
                _usd(app.contract_value_usd),
                app.status,
                str(money[app.pk].paid),
                str(money[app.pk].refunded),
                fate_of(app.outcome).value,
            ]


def entry_rows(
    owner: User, *, date_from: date | None = None, date_to: date | None = None
) -> Iterator[list[str]]:
    """One row per entry in the period, oldest first, with the balance right after it."""
    entries = entries_with_running_balance(owner, date_from=date_from, date_to=date_to)
    for entry in entries.order_by("occurred_on", "id"):
        yield [
            _iso(entry.occurred_on),
            entry.kind,
            str(entry.connects),
            _usd(entry.usd_paid),
            safe_cell(entry.application.job_title if entry.application else ""),
            safe_cell(entry.note),
            safe_cell(entry.upwork_action),
            str(entry.running_balance),  # type: ignore[attr-defined]
        ]


def write_applications_csv(
    out: _Writable, *, owner: User, date_from: date | None = None, date_to: date | None = None
) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(APPLICATION_COLUMNS)
    writer.writerows(application_rows(owner, date_from=date_from, date_to=date_to))


def write_entries_csv(
    out: _Writable, *, owner: User, date_from: date | None = None, date_to: date | None = None
) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ENTRY_COLUMNS)
    writer.writerows(entry_rows(owner, date_from=date_from, date_to=date_to))
