"""Write a parsed applications CSV into a user's ledger: preview first, then import, once.

A row is "already there" when the user has an application with the same key (see
`ledger.importers.applications_csv.csv_row_key`: the day, the job URL or else the normalised
title, the connects paid). Keys are counted, not just looked up: a file with two identical rows
imports two applications the first time and none the second, so importing a file twice adds
nothing. A row the services refuse is reported with the parser's rejects; it never stops the
rows after it.
"""

from __future__ import annotations

import codecs
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from ledger import writer
from ledger.import_progress import batch_finish
from ledger.importers.applications_csv import (
    CsvApplicationRow,
    CsvRejectedRow,
    application_key,
    csv_row_key,
    parse_applications_csv,
)
from ledger.matching import pair_off, title_norm
from ledger.models import Application, ConnectsEntry, EntryKind, ImportBatch
from ledger.policy import Outcome
from ledger.services import LedgerError, application_check, outcome_check
from ledger.table_statistics import analyze_after_bulk_write

# The preview reads every row (its counts are the whole file's) but lists only this many of
# each kind: 100,000 rows of HTML would take seconds to render and megabytes to send.
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class CsvPreview:
    """What an import of the file would do, without writing anything."""

    new: list[CsvApplicationRow] = field(default_factory=list)
    existing: list[CsvApplicationRow] = field(default_factory=list)
    rejected: list[CsvRejectedRow] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def readable(self) -> bool:
        """The file could be read as an applications CSV at all."""
        return not self.error and not self.missing_columns

    @property
    def tables(self) -> list[tuple[str, int, list[CsvApplicationRow]]]:
        """(title, how many rows in all, the first PREVIEW_ROWS of them) for the page."""
        return [
            (title, len(rows), rows[:PREVIEW_ROWS])
            for title, rows in (("New", self.new), ("Already there", self.existing))
        ]

    @property
    def rejected_rows(self) -> list[tuple[int, str, str]]:
        """(line, reason, the row's cells as text) of the first PREVIEW_ROWS rejected rows."""
        return [(row.line, row.reason, raw_text(row)) for row in self.rejected[:PREVIEW_ROWS]]


def raw_text(row: CsvRejectedRow) -> str:
    if isinstance(row.raw, str):
        return row.raw
    return ", ".join(value for value in row.raw.values() if value)


@dataclass(frozen=True)
class CsvImportResult:
    added: list[Application] = field(default_factory=list)
    skipped: list[CsvApplicationRow] = field(default_factory=list)
    rejected: list[CsvRejectedRow] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    error: str = ""


def _as_text(data: bytes | str) -> str:
    """The file as text: UTF-16 with a byte-order mark, UTF-8 (BOM or not), else cp1252.

    Decoded here rather than by the parser so the page's stored preview (ImportBatch.payload is
    text) and the command read a file the same way. Excel on Windows saves "CSV" in the ANSI
    code page; reading that as cp1252 keeps "Café" instead of replacement characters.
    """
    # NUL bytes never belong in a spreadsheet's text, and PostgreSQL refuses them.
    if isinstance(data, str):
        return data.replace("\x00", "")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").replace("\x00", "")
    try:
        return data.decode("utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").replace("\x00", "")


class _Logged(NamedTuple):
    """What the duplicate check reads of an application the user already has: four columns,
    not 20,000 model instances."""

    submitted_on: date
    job_title: str
    job_url: str
    connects_paid: int

    @property
    def key(self) -> Hashable:
        # The parser's own key, so a row and an application compare the same way.
        return application_key(self.submitted_on, self.job_url, self.job_title, self.connects_paid)


def _existing(owner: User, rows: Sequence[CsvApplicationRow]) -> list[_Logged]:
    if not rows:
        return []
    days = [row.submitted_at for row in rows]
    # Removed duplicates too: a row matching one was imported (or logged) and removed on
    # purpose, so importing the same file again must not bring it back.
    values = list(
        Application.all_objects.filter(
            owner=owner, submitted_on__gte=min(days), submitted_on__lte=max(days)
        )
        .order_by("submitted_on", "id")
        .values_list("id", "removed_at", "submitted_on", "job_title", "job_url", "connects_paid")
    )
    removed = [pk for pk, removed_at, *_ in values if removed_at is not None]
    # A removed one's figures are 0 (its entries net to nothing); it is compared by what its
    # last charge said it cost.
    last_charge = (
        dict(
            ConnectsEntry.objects.filter(
                application_id__in=removed, kind=EntryKind.PROPOSAL, connects__lt=0
            )
            .order_by("application_id", "id")
            .values_list("application_id", "connects")
        )
        if removed
        else {}
    )
    return [
        _Logged(on, title, url, -last_charge.get(pk, 0) if removed_at else connects)
        for pk, removed_at, on, title, url, connects in values
    ]


class _SameDay:
    """The applications no key matched, by day: a row without a link, or an application
    without one, is the same proposal when it is of the same day and its title matches
    (ledger.matching: Upwork's history cuts titles short). Each stands for one row at most
    (two identical rows are two proposals), so a match is taken out."""

    def __init__(self, apps: Iterable[_Logged]) -> None:
        self.apps: dict[date, list[_Logged]] = defaultdict(list)
        for app in apps:
            self.apps[app.submitted_on].append(app)

    def take(self, rows: Sequence[CsvApplicationRow]) -> list[_Logged | None]:
        """For each row in order, the first of its day's applications it matches, taken out
        of the pool; None when there is none. A day at a time, in one ledger.matching.pair_off
        call: rows of one day never take another day's applications."""
        by_day: dict[date, list[int]] = defaultdict(list)
        for position, row in enumerate(rows):
            if row.submitted_at in self.apps:  # a day with nothing logged: no call at all
                by_day[row.submitted_at].append(position)
        # A history repeats titles (and a file its own): each distinct one normalised once.
        titles = {rows[p].job_title for positions in by_day.values() for p in positions}
        titles.update(app.job_title for day in by_day for app in self.apps[day])
        norm = {title: title_norm(title) for title in titles}

        taken: list[_Logged | None] = [None] * len(rows)
        for day, positions in by_day.items():
            apps = self.apps[day]
            day_rows = [rows[p] for p in positions]
            paired = pair_off(
                [norm[row.job_title] for row in day_rows],
                [norm[app.job_title] for app in apps],
                rows_keyed=[bool(row.job_url) for row in day_rows],
                candidates_keyed=[bool(app.job_url) for app in apps],
            )
            for position, index in zip(positions, paired, strict=True):
                if index is not None:
                    taken[position] = apps[index]
            used = {index for index in paired if index is not None}
            self.apps[day] = [app for index, app in enumerate(apps) if index not in used]
        return taken


def applications_csv_preview(*, owner: User, data: bytes | str, today: date) -> CsvPreview:
    parsed = parse_applications_csv(_as_text(data), today)
    if parsed.error or parsed.missing_columns:
        return CsvPreview(
            rejected=list(parsed.rejected),
            missing_columns=list(parsed.missing_columns),
            error=parsed.error or "",
        )
    by_key: dict[Hashable, list[_Logged]] = defaultdict(list)
    for app in _existing(owner, parsed.rows):
        by_key[app.key].append(app)
    unkeyed: list[CsvApplicationRow] = []
    existing: list[CsvApplicationRow] = []
    for row in parsed.rows:
        same = by_key.get(csv_row_key(row))
        if same:
            same.pop(0)
            existing.append(row)
        else:
            unkeyed.append(row)
    left = _SameDay(app for apps in by_key.values() for app in apps)
    new: list[CsvApplicationRow] = []
    for row, match in zip(unkeyed, left.take(unkeyed), strict=True):
        (new if match is None else existing).append(row)
    existing.sort(key=lambda r: r.line)
    return CsvPreview(new=new, existing=existing, rejected=list(parsed.rejected))


def _application(*, owner: User, row: CsvApplicationRow, now: date) -> Application:
    """The row as an application, once the ledger's checks pass (else LedgerError)."""
    application_check(
        submitted_on=row.submitted_at,
        connects_paid=row.connects,
        boost_connects=row.boost_connects or 0,
        today=now,
    )
    outcome = row.outcome or ""
    contract = row.contract_value_usd if outcome == Outcome.HIRED else None
    outcome_check(outcome=outcome, contract_value_usd=contract)
    return Application(
        owner_id=owner.pk,  # the id: no related-object descriptor on 20,000 rows
        job_title=row.job_title.strip()[:300],
        job_url=(row.job_url or "").strip(),
        submitted_on=row.submitted_at,
        connects_paid=row.connects,
        boost_connects=row.boost_connects or 0,
        source=Application.Source.CSV,
        outcome=outcome,
        outcome_on=(row.outcome_at or row.submitted_at) if outcome else None,
        contract_value_usd=contract,
    )


@transaction.atomic
def applications_csv_import(
    *,
    owner: User,
    data: bytes | str,
    today: date,
    import_batch: ImportBatch | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CsvImportResult:
    """Write every new row of the file: its application, its entries and its outcome.

    In bulk, through ledger.writer.applications_log: what one application_submit and
    application_set_outcome per row would write, in a few queries per 500 rows.
    """
    # Two imports of one file at once would both see its rows as new: take turns per user
    # (a row lock on PostgreSQL; SQLite serialises write transactions anyway).
    User.objects.select_for_update().filter(pk=owner.pk).first()
    preview = applications_csv_preview(owner=owner, data=data, today=today)
    if not preview.readable:
        return CsvImportResult(
            rejected=preview.rejected,
            missing_columns=preview.missing_columns,
            error=preview.error,
        )
    fresh: list[Application] = []
    rejected = list(preview.rejected)
    now = timezone.localdate()  # the real day, for the ledger's own check (not the preview's)
    for row in preview.new:
        try:
            fresh.append(_application(owner=owner, row=row, now=now))
        except LedgerError as exc:  # a refused row is reported; the others go in
            rejected.append(CsvRejectedRow(line=row.line, raw=_raw(row), reason=str(exc)))
    # One bulk write through the ledger's writer: the applications, then their entries.
    added = writer.applications_log(
        fresh,
        import_batch_id=import_batch.pk if import_batch is not None else None,
        progress=progress,
    )
    # The planner would otherwise see this user as the one with no rows until autovacuum.
    analyze_after_bulk_write((Application, ConnectsEntry), len(added))
    if progress and not fresh:
        progress(len(preview.new), len(preview.new))
    rejected.sort(key=lambda r: r.line)
    return CsvImportResult(added=added, skipped=preview.existing, rejected=rejected)


def _raw(row: CsvApplicationRow) -> str:
    return f"{row.submitted_at},{row.job_title},{row.job_url},{row.connects}"


@transaction.atomic
def applications_csv_upload(
    *, owner: User, data: bytes | str, file_name: str, today: date
) -> tuple[ImportBatch | None, CsvPreview]:
    """Preview an uploaded file and keep its text in a batch until the user confirms it.

    Returns no batch when there is nothing to import. An earlier unconfirmed preview of the
    user's is dropped: only the latest upload can be confirmed.
    """
    text = _as_text(data)
    preview = applications_csv_preview(owner=owner, data=text, today=today)
    ImportBatch.objects.filter(
        owner=owner, kind=ImportBatch.Kind.CSV, state=ImportBatch.State.PREVIEW
    ).delete()
    if not preview.new:
        return None, preview
    batch = ImportBatch.objects.create(
        owner=owner,
        kind=ImportBatch.Kind.CSV,
        state=ImportBatch.State.PREVIEW,
        payload=text,
        file_name=file_name[:255],
        parsed_at=timezone.now(),
        rows_total=len(preview.new),
        summary={
            "new": len(preview.new),
            "existing": len(preview.existing),
            "rejected": len(preview.rejected),
        },
    )
    return batch, preview


@transaction.atomic
def applications_csv_batch_import(
    *, batch: ImportBatch, progress: Callable[[int, int], None] | None = None
) -> CsvImportResult:
    """Write a confirmed upload (the background task calls this); its text is dropped after.

    The batch row is left to ledger.import_progress, which reports progress on it while this
    transaction is open; confirming twice is stopped before, by the confirm view.
    """
    result = applications_csv_import(
        owner=batch.owner,
        data=batch.payload,
        # The day of the preview, so the rows it showed are the rows written.
        today=timezone.localdate(batch.parsed_at),
        import_batch=batch,
        progress=progress,
    )
    batch_finish(
        batch.pk,
        {
            "added": len(result.added),
            "skipped": len(result.skipped),
            "rejected": len(result.rejected),
        },
    )
    ImportBatch.objects.filter(pk=batch.pk).update(payload="", error=result.error or "")
    return result
