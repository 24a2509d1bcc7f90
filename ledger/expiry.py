"""Connects expire one year after they were issued; the oldest are used first.

The calculation is a first-in, first-out walk over one user's entries in date order
(occurred_on, id), done in Python over a single query of plain tuples:

- Every positive entry is a *lot* issued on its date and expiring one year later (Feb 29 expires
  on Feb 28). That covers purchases, grants, awards, refunds and the opening balance
  (ISSUED_KINDS), and also a returned boost or a positive adjustment: Upwork gives no issue date
  for those, and "new connects issued that day" is the simplest rule that never expires a connect
  early.
- Every negative entry (proposal, boost, badge, a reversed refund, a negative adjustment, an
  expiry not written by us) spends from the oldest lot that still has connects. The one
  exception is the reversal of a reclassified entry (key "reclassify:<id>:out", see
  services.entry_reclassify): it takes back from the lot it reverses first.
- A positive proposal or boost entry is a corrected charge (services.application_correct): it
  goes back to the lots the latest spending took from, while they have not expired, so a
  reversed charge never makes a fresh lot that outlives the connects it gave back.
- A lot expires at the start of its expiry date: whatever it still holds is gone before anything
  else happens that day, so a proposal on that day cannot use it.
- Spending with no lot to take from (history that starts before the ledger does) is a deficit;
  the next lots pay it back first, so the model never holds more connects than the balance.

Expiry entries written here carry the key "expiry:<lot entry id>" and are matched to their lot
instead of being spent first-in, first-out. When entries dated before an expiry arrive later (a
Connects History import, say), the lot's true expiry changes; the next run writes the difference
as another expiry entry ("expiry:<lot id>:2", ...; positive when too much was expired), so the
ledger corrects itself without editing anything.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Sum

from accounts.models import User
from ledger.kinds import CHARGED_KINDS
from ledger.models import ConnectsEntry, EntryKind
from ledger.services import entry_write

_OUR_KEY = re.compile(r"^expiry:(\d+)(?::\d+)?$")
_REVERSAL_KEY = re.compile(r"^reclassify:(\d+):out$")


def expires_on(issued_on: date) -> date:
    """One year after issue; a connect issued on Feb 29 expires on Feb 28."""
    try:
        return issued_on.replace(year=issued_on.year + 1)
    except ValueError:
        return issued_on.replace(year=issued_on.year + 1, day=28)


class Row(NamedTuple):
    """The four columns of an entry the walk needs, plus its idempotency key."""

    occurred_on: date
    id: int
    kind: str
    connects: int
    idempotency_key: str | None = None


class DueExpiry(NamedTuple):
    lot_entry_id: int
    expiry_date: date
    connects: int  # to expire now; negative when more was expired than the lot held


@dataclass
class Lot:
    entry_id: int
    kind: str
    issued_on: date
    expires_on: date
    remaining: int
    expired: int = 0  # what the walk says expired on expires_on


@dataclass
class Walk:
    """The state of the first-in, first-out walk at the end of `today`."""

    lots: dict[int, Lot]
    open: list[Lot]  # lots still holding connects, oldest first
    deficit: int
    recorded: dict[int, int]  # lot id -> connects our expiry entries took from it (net)
    recorded_count: dict[int, int]  # lot id -> how many expiry entries name it


def _our_lot(row: Row, lot_ids: set[int]) -> int | None:
    """The lot an expiry entry written by this module belongs to, else None."""
    if row.kind != EntryKind.EXPIRY or not row.idempotency_key:
        return None
    match = _OUR_KEY.match(row.idempotency_key)
    if match is None or int(match.group(1)) not in lot_ids:
        return None
    return int(match.group(1))


def _reversed_lot(row: Row, lots: dict[int, Lot]) -> Lot | None:
    """The lot a reclassification's reversal takes back from, else None."""
    match = _REVERSAL_KEY.match(row.idempotency_key or "")
    return lots.get(int(match.group(1))) if match else None


def walk(rows: Iterable[Row], today: date) -> Walk:
    """Replay entries up to the end of `today`, first in, first out. Pure: no database."""
    ordered = sorted(rows, key=lambda r: (r.occurred_on, r.id))
    lot_ids = {r.id for r in ordered if r.connects > 0}
    lots: dict[int, Lot] = {}
    open_lots: deque[Lot] = deque()
    deficit = 0
    recorded: dict[int, int] = defaultdict(int)
    recorded_count: dict[int, int] = defaultdict(int)

    def expire_until(day: date) -> None:
        # Expiry dates rise with issue dates, so the open lots are also in expiry order.
        while open_lots and open_lots[0].expires_on <= day:
            lot = open_lots.popleft()
            lot.expired, lot.remaining = lot.remaining, 0

    # (lot, connects) each spending took, newest last: a corrected charge puts them back.
    spent_from: list[list[object]] = []

    def spend(connects: int) -> int:
        """Take from the oldest lots; returns what no lot could cover."""
        while connects and open_lots:
            lot = open_lots[0]
            taken = min(lot.remaining, connects)
            lot.remaining -= taken
            connects -= taken
            spent_from.append([lot, taken])
            if lot.remaining == 0:
                open_lots.popleft()
        return connects

    def unspend(connects: int, day: date) -> int:
        """Give a corrected charge back to the lots the latest spending took it from, while
        they have not expired; returns what is left (a new lot, as before)."""
        while connects and spent_from:
            pair = spent_from[-1]
            lot, taken = pair
            assert isinstance(lot, Lot) and isinstance(taken, int)
            if lot.expires_on <= day:
                break
            back = min(taken, connects)
            if lot.remaining == 0:
                open_lots.append(lot)
                open_lots_sorted = sorted(open_lots, key=lambda x: (x.expires_on, x.entry_id))
                open_lots.clear()
                open_lots.extend(open_lots_sorted)
            lot.remaining += back
            connects -= back
            pair[1] = taken - back
            if pair[1] == 0:
                spent_from.pop()
        return connects

    for row in ordered:
        owned_by = _our_lot(row, lot_ids)
        if owned_by is not None:
            # Counted whatever its date: it says what was already written for that lot.
            recorded[owned_by] += -row.connects
            recorded_count[owned_by] += 1
            continue
        if row.occurred_on > today:
            continue
        expire_until(row.occurred_on)
        if row.connects > 0 and row.kind in CHARGED_KINDS:
            left = unspend(row.connects, row.occurred_on)
        else:
            left = row.connects
        if left > 0:
            repaid = min(deficit, left)
            deficit -= repaid
            lot = Lot(
                entry_id=row.id,
                kind=row.kind,
                issued_on=row.occurred_on,
                expires_on=expires_on(row.occurred_on),
                remaining=left - repaid,
            )
            lots[row.id] = lot
            if lot.remaining:
                open_lots.append(lot)
        elif row.connects < 0:
            amount = -row.connects
            reversed_lot = _reversed_lot(row, lots)
            if reversed_lot is not None:
                taken = min(reversed_lot.remaining, amount)
                reversed_lot.remaining -= taken
                amount -= taken
                if taken and not reversed_lot.remaining:
                    open_lots.remove(reversed_lot)
            deficit += spend(amount)
    expire_until(today)
    return Walk(
        lots=lots,
        open=list(open_lots),
        deficit=deficit,
        recorded=dict(recorded),
        recorded_count=dict(recorded_count),
    )


def due_from(result: Walk, today: date) -> list[DueExpiry]:
    """Lots whose expiry has come and differs from what our expiry entries already took."""
    due = [
        DueExpiry(lot.entry_id, lot.expires_on, lot.expired - result.recorded.get(lot.entry_id, 0))
        for lot in result.lots.values()
        if lot.expires_on <= today
    ]
    return sorted((d for d in due if d.connects), key=lambda d: (d.expiry_date, d.lot_entry_id))


def expiring_from(result: Walk, today: date, days: int) -> list[tuple[date, int]]:
    """Connects still held that expire after today and within `days`, by expiry date."""
    horizon = today + timedelta(days=days)
    by_date: dict[date, int] = defaultdict(int)
    for lot in result.open:
        if today < lot.expires_on <= horizon:
            by_date[lot.expires_on] += lot.remaining
    return sorted(by_date.items())


def _rows(owner: User) -> list[Row]:
    # One query, plain tuples: this walks every entry a user has.
    values = ConnectsEntry.objects.filter(owner=owner).values_list(
        "occurred_on", "id", "kind", "connects", "idempotency_key"
    )
    return [Row(*v) for v in values.order_by("occurred_on", "id")]


class LedgerState(NamedTuple):
    """An owner's entries summed up: entries are never changed or deleted, so the newest id,
    the count and the sum name the ledger's state; the sum is also the balance."""

    newest: int | None
    entries: int
    total: int

    @property
    def key(self) -> str:
        """The state as a cache key part: any new entry, whatever its date, changes it."""
        return f"{self.newest}:{self.entries}:{self.total}"


def ledger_state(owner: User) -> LedgerState:
    row = ConnectsEntry.objects.filter(owner=owner).aggregate(
        newest=Max("id"), count=Count("id"), total=Sum("connects")
    )
    return LedgerState(row["newest"], row["count"], row["total"] or 0)


def expiring_within(
    owner: User, today: date, days: int = 30, state: LedgerState | None = None
) -> list[tuple[date, int]]:
    """[(expiry date, connects)] expiring in the next `days` days unless spent first.

    The walk replays the whole ledger, so its answer is cached under the ledger's state
    (`ledger_state`; pass it when the caller has it): any new entry, whatever its date,
    gives a new key.
    """
    state = state or ledger_state(owner)
    key = f"expiring:{owner.pk}:{state.key}:{today}:{days}"
    found: list[tuple[date, int]] | None = cache.get(key)
    if found is None:
        found = expiring_from(walk(_rows(owner), today), today, days)
        cache.set(key, found, timeout=24 * 60 * 60)
    return found


def expiry_due(owner: User, today: date) -> list[DueExpiry]:
    """[(lot entry id, expiry date, connects)] the ledger has not expired yet."""
    return due_from(walk(_rows(owner), today), today)


@transaction.atomic
def expire_due_connects(*, owner: User, today: date) -> list[ConnectsEntry]:
    """Write the expiry entries that are due, dated on their expiry dates. Returns those written.

    Idempotent: every entry is keyed by its lot, so a second run (or a second worker) writes
    nothing new.
    """
    result = walk(_rows(owner), today)
    written: list[ConnectsEntry] = []
    for due in due_from(result, today):
        lot = result.lots[due.lot_entry_id]
        count = result.recorded_count.get(due.lot_entry_id, 0)
        key = f"expiry:{due.lot_entry_id}" + (f":{count + 1}" if count else "")
        issued = f"{EntryKind(lot.kind).label.lower()} of {lot.issued_on:%Y-%m-%d}"
        note = (
            f"Expired: connects from the {issued}"
            if due.connects > 0
            else f"Expiry corrected: fewer connects from the {issued} were left to expire"
        )
        entry, created = entry_write(
            owner=owner,
            kind=EntryKind.EXPIRY,
            connects=-due.connects,
            occurred_on=due.expiry_date,
            note=note,
            idempotency_key=key,
        )
        if created:
            written.append(entry)
    return written
