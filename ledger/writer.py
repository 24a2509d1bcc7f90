"""The ledger's one writer: nothing else creates a ConnectsEntry or changes an outcome.

Its shape is pretix's `Order.create_transactions()`: compute the rows that should exist,
compare them by key with the rows that do, write the difference. Two kinds of caller:

- **State** (the pages, the applications CSV, the demo): the caller sets what an application
  is (its connects, its boost, its outcome) and `applications_sync` computes the totals its
  entries should have per (application, kind) (`entries_due`), compares them with the totals it
  has, and appends one entry per difference: a proposal and a boost when it is logged, a refund
  when a refunding outcome is set, the reversal when it is left. Syncing twice writes nothing.
  `ledger.services` (`application_submit`, `application_set_outcome`) is how the pages call it.
- **Events** (Upwork's Connects History rows, Bidbook's grants, expiries, purchases):
  `entries_append(rows)` appends `EntryRow`s that record movements that happened. A row whose
  idempotency key the owner already has is skipped, so a retry or a re-import adds nothing.
  `entry_append(row)` is the same for one row, safe against a concurrent duplicate.
  `outcomes_record` sets the outcomes Upwork's rows imply without moving connects (the rows
  are the movement).

Both take one row or many: the bulk path is the same code with more rows, written with
`bulk_create` in chunks. Every row is checked against ledger.kinds (`check_row`: never zero, the
kind's sign, an application only for kinds that belong to one). Whatever touches an
application's proposal or boost entries also keeps `Application.connects_paid` /
`boost_connects` equal to them (`figures_refresh`) in the same transaction, so no reader can
show a figure the entries disagree with. Callers run inside `transaction.atomic`; the writer
never commits on its own, and leaves the user-facing checks of a request (a date in the future,
an unknown outcome) to ledger.services.

How callers use it:

    # state: the application says what should exist, the writer writes the difference
    writer.application_sync(app, refund_on=day, kinds=REFUND_KINDS)  -> [ConnectsEntry]
    writer.applications_log([Application(...), ...], import_batch_id=1)  # bulk: insert + sync
    writer.outcome_apply(locked_app, outcome="hired", outcome_on=day)  # fields only, no entry
    # events: a movement that happened, appended once
    writer.entry_append(EntryRow(owner_id=1, kind="purchase", connects=40, occurred_on=day))
        -> (ConnectsEntry, created)
    writer.entries_append([EntryRow(...), ...], progress=callback)  -> how many were written
    writer.outcomes_record({app_id: ("client_cancelled", day)})  -> how many changed
    writer.application_correct(locked_app, refund_on=day, note="Connects corrected ...")
        -> [ConnectsEntry]  # a corrected or removed application: charges compared per day
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Case, DateField, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ledger import writer_bulk
from ledger.kinds import (
    CHARGED_KINDS,
    GIVEN_BACK_KINDS,
    KINDS,
    PAID_KINDS,
    REFUND_KINDS,
    EntryKind,
    Role,
    Sign,
    kind_spec,
    sign_allows,
)
from ledger.models import Application, ConnectsEntry, LedgerSettings
from ledger.policy import Fate, Outcome, fate_of

ProgressCallback = Callable[[int, int], None]
CHUNK = 500
# applications_log's rows per INSERT: an application has 13 columns and an entry 12, so 2,000
# stays far below PostgreSQL's 65,535 parameters and SQLite's 32,766, in a tenth the round trips.
LOG_CHUNK = 2000
T = TypeVar("T")

# The Application field that keeps minus the sum of each charged kind's entries.
FIGURE_OF_KIND: dict[str, str] = {kind: spec.figure for kind, spec in KINDS.items() if spec.figure}


class LedgerError(ValueError):
    """A write the ledger refuses, with a message fit for the user."""


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One entry to append. Ids, not objects, so a bulk caller need not load any."""

    owner_id: int
    kind: str
    connects: int
    occurred_on: date
    application_id: int | None = None
    usd_paid: Decimal | None = None
    note: str = ""
    upwork_action: str = ""
    import_batch_id: int | None = None
    idempotency_key: str | None = None
    # Only for generated history (bench): kept when the caller disables auto_now_add.
    created_at: datetime | None = None
    # The latest moment it can have happened (an imported row: its page's saved moment, when
    # that is on the row's day); None means "the end of its day, or now if that is earlier".
    occurred_at: datetime | None = None


def day_end(day: date) -> datetime:
    """The last moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.max))


def latest_moment(day: date, cap: datetime) -> datetime:
    """The latest an event of `day` known by `cap` can have happened: min(end of day, cap)."""
    return min(day_end(day), cap)


def check_row(row: EntryRow) -> None:
    """Refuse a row ledger.kinds says cannot be: the message says what is wrong with it."""
    if row.connects == 0:
        raise LedgerError("An entry must move at least one connect.")
    try:
        spec = kind_spec(row.kind)
    except ValueError:
        raise LedgerError(f"Unknown entry kind {row.kind!r}.") from None
    if not sign_allows(row.kind, row.connects):
        way = "adds" if spec.sign is Sign.ARRIVES else "takes away"
        raise LedgerError(
            f"A {_label(row.kind)} {way} connects; {row.connects:+d} goes the other way."
        )
    if spec.role is Role.NONE and row.application_id is not None:
        raise LedgerError(f"A {_label(row.kind)} belongs to no application.")


def _label(kind: str) -> str:
    return str(EntryKind(kind).label).lower()


def _model(row: EntryRow) -> ConnectsEntry:
    entry = ConnectsEntry(
        owner_id=row.owner_id,
        kind=row.kind,
        connects=row.connects,
        occurred_on=row.occurred_on,
        application_id=row.application_id,
        usd_paid=row.usd_paid,
        note=row.note[:500],
        upwork_action=row.upwork_action[:200],
        import_batch_id=row.import_batch_id,
        idempotency_key=row.idempotency_key,
        occurred_at=_moment(row, _now()),
    )
    if row.created_at is not None:
        entry.created_at = row.created_at
    return entry


def _now() -> datetime:
    return timezone.now()


# The columns of an entry inserted in bulk, in the order `_values` gives them.
ENTRY_COLUMNS = (
    "owner",
    "kind",
    "connects",
    "occurred_on",
    "application",
    "usd_paid",
    "note",
    "upwork_action",
    "import_batch",
    "idempotency_key",
    "created_at",
    "occurred_at",
)


def _values(row: EntryRow, now: datetime) -> tuple[object, ...]:
    """`_model(row)` as a row of ENTRY_COLUMNS: the bulk path builds no model instances."""
    return (
        row.owner_id,
        row.kind,
        row.connects,
        row.occurred_on,
        row.application_id,
        row.usd_paid,
        row.note[:500],
        row.upwork_action[:200],
        row.import_batch_id,
        row.idempotency_key,
        row.created_at or now,
        _moment(row, now),
    )


def _insert(rows: Sequence[EntryRow]) -> int:
    """Insert checked rows in bulk (COPY on PostgreSQL: ledger.writer_bulk)."""
    now = timezone.now()
    return writer_bulk.rows_insert(ConnectsEntry, ENTRY_COLUMNS, [_values(r, now) for r in rows])


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def entry_append(row: EntryRow) -> tuple[ConnectsEntry, bool]:
    """Append one entry. With an idempotency key, a repeat returns the first entry instead.

    Returns (entry, created).
    """
    check_row(row)
    key = row.idempotency_key
    if key is not None:
        existing = ConnectsEntry.objects.filter(owner_id=row.owner_id, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    entry = _model(row)
    # Two workers may pass the check above at once; the unique constraint decides, and the
    # savepoint keeps the caller's transaction usable when we lose the race.
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if key is None:
            raise
        return ConnectsEntry.objects.get(owner_id=row.owner_id, idempotency_key=key), False
    if row.application_id is not None and row.kind in FIGURE_OF_KIND:
        figures_refresh([row.application_id])
    starting_balances_sync([entry])
    return entry, True


def entries_append(
    rows: Iterable[EntryRow],
    *,
    progress: ProgressCallback | None = None,
    chunk: int = CHUNK,
) -> int:
    """Append many entries at once (imports, the bench); returns how many were written.

    Every row is checked first, so a bad row writes nothing. Rows whose (owner, idempotency
    key) is already in the ledger, or earlier in `rows`, are skipped.
    """
    rows = list(rows)
    for row in rows:
        check_row(row)
    keyed = [row for row in rows if row.idempotency_key is not None]
    owners = {r.owner_id for r in keyed}
    taken: set[tuple[int, str | None]] = set()
    for part in _chunks(sorted({r.idempotency_key for r in keyed if r.idempotency_key}), chunk):
        taken.update(
            ConnectsEntry.objects.filter(owner_id__in=owners, idempotency_key__in=part).values_list(
                "owner_id", "idempotency_key"
            )
        )
    fresh: list[EntryRow] = []
    for row in rows:
        if row.idempotency_key is not None:
            pair = (row.owner_id, row.idempotency_key)
            if pair in taken:
                continue
            taken.add(pair)
        fresh.append(row)
    written: list[EntryRow] = []
    for start in range(0, len(fresh), chunk):
        batch = fresh[start : start + chunk]
        _insert(batch)
        written += batch
        if progress:
            progress(min(start + chunk, len(fresh)), len(fresh))
    if progress and not fresh:
        progress(len(rows), len(rows))
    figures_refresh(
        {r.application_id for r in fresh if r.application_id and r.kind in FIGURE_OF_KIND}
    )
    starting_balances_sync(written)
    return len(fresh)


# --- The starting balance: N connects as of a moment ------------------------------------------
def inside_starting_balance(as_of: datetime) -> Q:
    """Entries a balance read at `as_of` already holds: they happened at or before it.

    An entry without a moment (written before entries had one) counts by its day.
    """
    return ~Q(kind=EntryKind.OPENING_BALANCE) & (
        Q(occurred_at__lte=as_of)
        | Q(occurred_at__isnull=True, occurred_on__lte=timezone.localdate(as_of))
    )


def starting_balance_due(*, owner_id: int, connects: int, as_of: datetime) -> tuple[date, int]:
    """(day, connects) the opening balance should be so the balance at `as_of` is `connects`.

    Dated the first day of what it holds, so the running balance before it never dips.
    """
    row = ConnectsEntry.objects.filter(inside_starting_balance(as_of), owner_id=owner_id).aggregate(
        total=Sum("connects"), first=Min("occurred_on")
    )
    day = min(filter(None, [row["first"], timezone.localdate(as_of)]))
    return day, connects - (row["total"] or 0)


def starting_balance_sync(*, owner_id: int, connects: int, as_of: datetime) -> list[ConnectsEntry]:
    """Make the opening-balance entries say what the starting balance calls for.

    What exists is compared per day with the one amount due (`starting_balance_due`); each
    difference is a new opening-balance entry, so moving or changing it reverses the old one
    with an entry and never edits it. Syncing twice writes nothing.
    """
    day, amount = starting_balance_due(owner_id=owner_id, connects=connects, as_of=as_of)
    have = dict(
        ConnectsEntry.objects.filter(owner_id=owner_id, kind=EntryKind.OPENING_BALANCE)
        .values_list("occurred_on")
        .annotate(total=Sum("connects"))
        .order_by()
    )
    due = {day: amount}
    note = f"Starting balance: {connects} as of {timezone.localtime(as_of):%b %d, %Y %H:%M}"
    entries: list[ConnectsEntry] = []
    for on in sorted(set(have) | set(due)):
        difference = due.get(on, 0) - (have.get(on) or 0)
        if difference:
            entry = _model(
                EntryRow(
                    owner_id=owner_id,
                    kind=EntryKind.OPENING_BALANCE,
                    connects=difference,
                    occurred_on=on,
                    note=note if on in due else f"{note} (moved from {on:%b %d, %Y})",
                )
            )
            entry.save()
            entries.append(entry)
    return entries


def _moment(row: EntryRow, now: datetime) -> datetime:
    """When the movement happened: the row's own moment, else the latest of its day (by now)."""
    return row.occurred_at or latest_moment(row.occurred_on, row.created_at or now)


def starting_balances_sync(written: Sequence[ConnectsEntry] | Sequence[EntryRow]) -> None:
    """Keep each owner's opening balance right after entries it may already hold arrive."""
    now = _now()
    moments = [
        (e.owner_id, e.occurred_at if isinstance(e, ConnectsEntry) else _moment(e, now))
        for e in written
        if e.kind != EntryKind.OPENING_BALANCE
    ]
    owners = {e.owner_id for e in written if e.kind != EntryKind.OPENING_BALANCE}
    if not owners:
        return
    for owner_id, connects, as_of in LedgerSettings.objects.filter(
        user_id__in=owners, starting_balance__isnull=False, starting_balance_as_of__isnull=False
    ).values_list("user_id", "starting_balance", "starting_balance_as_of"):
        earliest = min((at for who, at in moments if who == owner_id and at), default=None)
        if connects is None or as_of is None:  # filtered out above; says so to the type checker
            continue
        if earliest is not None and earliest <= as_of:
            starting_balance_sync(owner_id=owner_id, connects=connects, as_of=as_of)


def figures_refresh(application_ids: Iterable[int]) -> int:
    """Set connects_paid / boost_connects to what the entries say; returns how many changed.

    One UPDATE per 500 applications, touching only those whose figures disagree (read from
    the (application, kind, connects) index).
    """
    ids = sorted(set(application_ids))
    figures = {
        figure: Coalesce(
            Subquery(
                ConnectsEntry.objects.filter(application_id=OuterRef("pk"), kind=kind)
                .order_by()
                .values("application_id")
                .annotate(total=-Sum("connects"))
                .values("total")
            ),
            Value(0),
        )
        for kind, figure in FIGURE_OF_KIND.items()
    }
    agree = Q(**{figure: expression for figure, expression in figures.items()})
    changed = 0
    now = timezone.now()
    for part in _chunks(ids, CHUNK):
        changed += (
            Application.all_objects.filter(pk__in=part)
            .exclude(agree)
            .update(updated_at=now, **figures)
        )
    return changed


# --- State: the entries an application should have ------------------------------------------
# The kinds an application's state decides: what it paid (its figures), what came back (its
# outcome). A returned boost is an event no state holds: only appended.
STATE_KINDS: tuple[str, ...] = (*FIGURE_OF_KIND, *REFUND_KINDS)


def entries_due(
    application: Application, have: Mapping[str, int], kinds: Collection[str] = STATE_KINDS
) -> dict[str, int]:
    """The total each of `kinds` should reach for `application`, given the totals it `have`s.

    Its proposal and boost are what its figures say it paid; its refund is everything paid (net
    of a returned boost) when its outcome refunds (ledger.policy), else nothing.
    """
    totals = dict(have)
    due: dict[str, int] = {}
    for kind, figure in FIGURE_OF_KIND.items():
        if kind in kinds:
            due[kind] = totals[kind] = -getattr(application, figure)
    paid = -sum(totals.get(kind, 0) for kind in PAID_KINDS)
    refunding = fate_of(application.outcome) is Fate.REFUNDED
    for kind in REFUND_KINDS:
        if kind in kinds:
            due[kind] = paid if refunding else 0
    return due


def _note(application: Application, kind: str, connects: int) -> str:
    if kind not in REFUND_KINDS:
        return ""
    if connects > 0:
        return f"Refund: {Outcome(application.outcome).label}"
    label = Outcome(application.outcome).label if application.outcome else "pending"
    return f"Refund reversed: outcome changed to {label}"


def _sync_rows(
    applications: Sequence[Application],
    refund_on: Callable[[Application], date],
    import_batch_id: int | None,
    kinds: Collection[str],
    *,
    new: bool = False,
) -> list[EntryRow]:
    """The entries that bring each application's totals to what its state calls for.

    `new`: the applications were inserted just now in this transaction, so they have no
    entries yet and the query for what they have is skipped.
    """
    have: dict[int, dict[str, int]] = defaultdict(dict)
    for part in [] if new else _chunks([a.pk for a in applications], CHUNK):
        for app_id, kind, total in (
            ConnectsEntry.objects.filter(application_id__in=part)
            .values_list("application_id", "kind")
            .annotate(total=Sum("connects"))
            .order_by()
        ):
            have[app_id][kind] = total
    rows: list[EntryRow] = []
    for app in applications:
        for kind, total in entries_due(app, have[app.pk], kinds).items():
            difference = total - have[app.pk].get(kind, 0)
            if difference == 0:
                continue
            charge = kind in CHARGED_KINDS
            rows.append(
                EntryRow(
                    owner_id=app.owner_id,
                    kind=kind,
                    connects=difference,
                    occurred_on=app.submitted_on if charge else refund_on(app),
                    application_id=app.pk,
                    note=_note(app, kind, difference),
                    import_batch_id=None if charge else import_batch_id,
                )
            )
    return rows


def applications_sync(
    applications: Sequence[Application],
    *,
    refund_on: Callable[[Application], date],
    import_batch_id: int | None = None,
    kinds: Collection[str] = STATE_KINDS,
    progress: ProgressCallback | None = None,
) -> int:
    """Compare each application's entries with those its state calls for; write the difference.

    Charges are dated the day it was submitted, refunds and reversals `refund_on(application)`.
    `kinds` narrows what is compared (an outcome change compares only the refunds, so it never
    rewrites what an application was charged). A handful of queries for any number of
    applications; returns how many entries were written.
    """
    rows = _sync_rows(applications, refund_on, import_batch_id, kinds)
    return entries_append(rows, progress=progress)


def application_sync(
    application: Application,
    *,
    refund_on: date,
    import_batch_id: int | None = None,
    kinds: Collection[str] = STATE_KINDS,
) -> list[ConnectsEntry]:
    """`applications_sync` for one application; returns the entries written."""
    rows = _sync_rows([application], lambda _: refund_on, import_batch_id, kinds)
    return [entry_append(row)[0] for row in rows]


def applications_insert(applications: Sequence[Application]) -> Sequence[Application]:
    """Insert new applications with no entries yet (COPY on PostgreSQL); each gets its id.

    For an import whose entries follow in `entries_append`, which sets the figures from them.
    """
    return writer_bulk.objects_insert(Application, applications)


def applications_log(
    applications: Sequence[Application],
    *,
    import_batch_id: int | None = None,
    progress: ProgressCallback | None = None,
) -> list[Application]:
    """Insert new applications, outcome and all, with the entries their state calls for.

    The bulk form of logging one (ledger.services.application_submit, then
    application_set_outcome): proposals and boosts dated the day each was sent, refunds the
    day of its outcome. `progress(done, total)` counts applications.
    """
    total = len(applications)
    for start in range(0, total, LOG_CHUNK):
        part = applications[start : start + LOG_CHUNK]
        writer_bulk.objects_insert(Application, part)
        rows = _sync_rows(
            part,
            refund_on=lambda app: app.outcome_on or app.submitted_on,
            import_batch_id=import_batch_id,
            kinds=STATE_KINDS,
            new=True,
        )
        for row in rows:
            check_row(row)
        # No idempotency keys to look up (state rows carry none) and no figures to refresh:
        # the proposal and boost entries were computed from those very figures.
        _insert(rows)
        if progress:
            progress(min(start + LOG_CHUNK, total), total)
    return list(applications)


# --- Corrections: a mistyped or duplicate application -------------------------------------
def application_correct(
    application: Application, *, refund_on: date, note: str, move_charges: bool = False
) -> list[ConnectsEntry]:
    """Bring a corrected (or removed) application's entries to what its fields now say.

    Charges are compared per (kind, day). With `move_charges` (the date was corrected) the
    proposal and boost are due on `submitted_on` only, so the charge is reversed on its old day
    and made on the new one, and every month's figures still trace to entries; otherwise the
    difference is written on the day it was sent. A returned boost is
    kept, but never more than the boost now charged; the refund of a refunded application is
    everything paid net of what was returned, so correcting the connects corrects the refund.
    A removed duplicate is due nothing at all: every day of every kind is reversed. Amounts
    already right write nothing, so the same correction twice writes nothing the second time.
    """
    have: dict[tuple[str, date], int] = defaultdict(int)
    for kind, day, total in (
        ConnectsEntry.objects.filter(application_id=application.pk)
        .values_list("kind", "occurred_on")
        .annotate(total=Sum("connects"))
        .order_by()
    ):
        have[(kind, day)] += total
    removed = application.removed_at is not None
    due: dict[tuple[str, date], int] = {}
    for kind, figure in FIGURE_OF_KIND.items():
        wanted = 0 if removed else -getattr(application, figure)
        days = {day: total for (k, day), total in have.items() if k == kind and total}
        if removed or move_charges:
            if wanted:
                due[(kind, application.submitted_on)] = wanted
            continue
        # The date stands: charges stay on their days (an imported one may be a day off, as
        # ledger.matching allows); only the difference is written, on the day it was sent.
        due.update({(kind, day): total for day, total in days.items()})
        if wanted != sum(days.values()):
            on = application.submitted_on
            due[(kind, on)] = due.get((kind, on), 0) + wanted - sum(days.values())
    charged = -sum(due.values())
    boost = application.boost_connects
    for kind in GIVEN_BACK_KINDS:
        days = {day: total for (k, day), total in have.items() if k == kind and total}
        held = sum(days.values())
        if kind in REFUND_KINDS:
            refunding = fate_of(application.outcome) is Fate.REFUNDED
            returned = sum(
                t for (k, _), t in due.items() if k in PAID_KINDS and k not in CHARGED_KINDS
            )
            wanted = charged - returned if refunding and not removed else 0
        else:
            wanted = 0 if removed else min(held, boost)
        if wanted == held:
            due.update({(kind, day): total for day, total in days.items()})
        elif wanted == 0:
            pass  # every day reversed on its own day
        else:
            due.update({(kind, day): total for day, total in days.items()})
            on = application.outcome_on or refund_on if kind in REFUND_KINDS else refund_on
            due[(kind, on)] = due.get((kind, on), 0) + wanted - held
    rows = [
        EntryRow(
            owner_id=application.owner_id,
            kind=kind,
            connects=difference,
            occurred_on=day,
            application_id=application.pk,
            note=note,
        )
        for (kind, day) in sorted(set(have) | set(due), key=lambda k: (k[1], k[0]))
        if (difference := due.get((kind, day), 0) - have.get((kind, day), 0))
    ]
    written = [entry_append(row)[0] for row in rows]
    figures_refresh([application.pk])
    return written


# --- Outcomes ---------------------------------------------------------------------------------
def outcome_apply(
    application: Application,
    *,
    outcome: str,
    outcome_on: date,
    contract_value_usd: Decimal | None = None,
) -> None:
    """Set the outcome fields on a (locked) application and save them; moves no connects."""
    application.outcome = outcome
    application.outcome_on = outcome_on if outcome else None
    if outcome == Outcome.HIRED:
        if contract_value_usd is not None:
            application.contract_value_usd = contract_value_usd
    else:
        application.contract_value_usd = None
    application.save(update_fields=["outcome", "outcome_on", "contract_value_usd", "updated_at"])


def outcomes_record(outcomes: Mapping[int, tuple[str, date]]) -> int:
    """Give still-pending applications the outcome Upwork's rows imply, moving no connects.

    `outcomes` maps an application id to (outcome, day). An application that already has an
    outcome keeps it: the user's word wins over an inference. Returns how many changed.
    """
    changed = 0
    now = timezone.now()
    # One UPDATE per 500 applications, each row's outcome and day picked by its id: a page's
    # cancellations fall on hundreds of different days.
    for part in _chunks(sorted(outcomes), CHUNK):
        changed += Application.objects.filter(pk__in=part, outcome="").update(
            outcome=Case(*(When(pk=pk, then=Value(outcomes[pk][0])) for pk in part)),
            outcome_on=Case(
                *(When(pk=pk, then=Value(outcomes[pk][1])) for pk in part),
                output_field=DateField(),
            ),
            contract_value_usd=None,
            updated_at=now,
        )
    return changed
