"""Every write that moves connects. Atomic; idempotent wherever a retry can repeat it.

Services write, selectors read (ledger.selectors). Views, tasks and importers call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from accounts.models import User
from ledger.bid_table import Bid
from ledger.models import (
    PAID_KINDS,
    PLAN_MONTHLY_GRANT,
    Application,
    ApplicationStatus,
    ConnectsEntry,
    EntryKind,
    ImportBatch,
    LedgerSettings,
)
from ledger.policy import Fate, Outcome, fate_of

if TYPE_CHECKING:
    from vetting.models import Job, Vetting


class LedgerError(ValueError):
    """A write the ledger refuses, with a message fit for the user."""


def ledger_settings_for(user: User) -> LedgerSettings:
    settings, _ = LedgerSettings.objects.get_or_create(user=user)
    return settings


def _today() -> date:
    return timezone.localdate()


def entry_write(
    *,
    owner: User,
    kind: str,
    connects: int,
    occurred_on: date,
    application: Application | None = None,
    usd_paid: Decimal | None = None,
    note: str = "",
    upwork_action: str = "",
    import_batch: ImportBatch | None = None,
    idempotency_key: str | None = None,
) -> tuple[ConnectsEntry, bool]:
    """Append one entry. With an idempotency key, a repeat returns the first entry instead.

    Returns (entry, created).
    """
    if connects == 0:
        raise LedgerError("An entry must move at least one connect.")
    if idempotency_key is not None:
        existing = ConnectsEntry.objects.filter(
            owner=owner, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing, False
    entry = ConnectsEntry(
        owner=owner,
        kind=kind,
        connects=connects,
        occurred_on=occurred_on,
        application=application,
        usd_paid=usd_paid,
        note=note[:500],
        upwork_action=upwork_action[:200],
        import_batch=import_batch,
        idempotency_key=idempotency_key,
    )
    if idempotency_key is None:
        entry.save()
        return entry, True
    # Two workers may pass the check above at once; the unique constraint decides, and the
    # savepoint keeps the caller's transaction usable when we lose the race.
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        return ConnectsEntry.objects.get(owner=owner, idempotency_key=idempotency_key), False
    return entry, True


@dataclass(frozen=True)
class ApplicationMoney:
    """What an application paid and got back, from its entries."""

    paid: int  # proposal + boost - boost returned
    refunded: int
    boost_charged: int
    boost_returned: int

    @property
    def outstanding(self) -> int:
        """Paid and not yet refunded."""
        return self.paid - self.refunded


def application_money(application: Application) -> ApplicationMoney:
    totals = ConnectsEntry.objects.filter(application=application).aggregate(
        paid=Sum("connects", filter=Q(kind__in=PAID_KINDS)),
        refunded=Sum("connects", filter=Q(kind=EntryKind.REFUND)),
        boost=Sum("connects", filter=Q(kind=EntryKind.BOOST)),
        boost_returned=Sum("connects", filter=Q(kind=EntryKind.BOOST_RETURNED)),
    )
    return ApplicationMoney(
        paid=-(totals["paid"] or 0),
        refunded=totals["refunded"] or 0,
        boost_charged=-(totals["boost"] or 0),
        boost_returned=totals["boost_returned"] or 0,
    )


@transaction.atomic
def application_submit(
    *,
    owner: User,
    job_title: str,
    submitted_on: date,
    connects_paid: int,
    boost_connects: int = 0,
    job_url: str = "",
    bid_amount: Decimal | None = None,
    notes: str = "",
    job: Job | None = None,
    vetting: Vetting | None = None,
    source: str = Application.Source.MANUAL,
    write_entries: bool = True,
    bid_table: Sequence[Bid] = (),
) -> Application:
    """Log a proposal sent: the application, its proposal entry and its boost entry, together.

    `write_entries=False` is for imports whose rows carry the entries themselves.
    """
    if connects_paid < 0 or boost_connects < 0:
        raise LedgerError("Connects cannot be negative.")
    if submitted_on > _today():
        raise LedgerError("The submission date cannot be in the future.")
    application = Application.objects.create(
        owner=owner,
        job=job,
        vetting=vetting,
        job_title=job_title.strip()[:300],
        job_url=job_url.strip(),
        submitted_on=submitted_on,
        connects_paid=connects_paid,
        boost_connects=boost_connects,
        bid_amount=bid_amount,
        notes=notes,
        source=source,
        bid_table=[bid.to_json() for bid in bid_table],
    )
    if write_entries:
        if connects_paid:
            entry_write(
                owner=owner,
                kind=EntryKind.PROPOSAL,
                connects=-connects_paid,
                occurred_on=submitted_on,
                application=application,
            )
        if boost_connects:
            entry_write(
                owner=owner,
                kind=EntryKind.BOOST,
                connects=-boost_connects,
                occurred_on=submitted_on,
                application=application,
            )
    return application


def _locked(application: Application) -> Application:
    # The row lock serialises concurrent outcome changes of one application (PostgreSQL);
    # SQLite serialises every write transaction anyway.
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_set_status(*, application: Application, status: str) -> Application:
    if status not in ApplicationStatus.values:
        raise LedgerError(f"Unknown status {status!r}.")
    locked = _locked(application)
    if locked.status != status:
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def application_set_outcome(
    *,
    application: Application,
    outcome: str,
    outcome_on: date | None = None,
    contract_value_usd: Decimal | None = None,
    import_batch: ImportBatch | None = None,
    move_connects: bool = True,
) -> list[ConnectsEntry]:
    """Record how an application ended, and move the connects Upwork's rule says move.

    A refunding outcome refunds everything paid and not yet returned. Leaving a refunding
    outcome for any other reverses what was refunded, so the history stays true. Setting the
    same outcome again writes nothing. An empty outcome means "still pending".
    `move_connects=False` is for imports, whose rows are Upwork's own record of the refund.
    Returns the entries written.
    """
    if outcome and outcome not in Outcome.values:
        raise LedgerError(f"Unknown outcome {outcome!r}.")
    if contract_value_usd is not None and contract_value_usd < 0:
        raise LedgerError("The contract value cannot be negative.")
    when = outcome_on or _today()
    locked = _locked(application)
    new_fate = fate_of(outcome)
    money = application_money(locked)
    written: list[ConnectsEntry] = []
    if not move_connects:
        pass
    elif new_fate is Fate.REFUNDED and money.outstanding > 0:
        entry, _ = entry_write(
            owner=locked.owner,
            kind=EntryKind.REFUND,
            connects=money.outstanding,
            occurred_on=when,
            application=locked,
            note=f"Refund: {Outcome(outcome).label}",
            import_batch=import_batch,
        )
        written.append(entry)
    elif new_fate is not Fate.REFUNDED and money.refunded > 0:
        label = Outcome(outcome).label if outcome else "pending"
        entry, _ = entry_write(
            owner=locked.owner,
            kind=EntryKind.REFUND,
            connects=-money.refunded,
            occurred_on=when,
            application=locked,
            note=f"Refund reversed: outcome changed to {label}",
            import_batch=import_batch,
        )
        written.append(entry)

    locked.outcome = outcome
    locked.outcome_on = when if outcome else None
    if outcome == Outcome.HIRED:
        if contract_value_usd is not None:
            locked.contract_value_usd = contract_value_usd
    else:
        locked.contract_value_usd = None
    locked.save(update_fields=["outcome", "outcome_on", "contract_value_usd", "updated_at"])
    application.refresh_from_db()
    return written


@transaction.atomic
def application_return_boost(
    *, application: Application, connects: int | None = None, occurred_on: date | None = None
) -> ConnectsEntry | None:
    """Upwork returned a boost bid (outbid before any interaction, or the job closed).

    Returns at most what was charged and not yet returned; nothing left to return writes nothing.
    """
    locked = _locked(application)
    money = application_money(locked)
    # A refund may already have returned the boost with the rest (a cancelled job): never
    # return more than was paid and is still out.
    left = min(money.boost_charged - money.boost_returned, money.outstanding)
    amount = left if connects is None else min(connects, left)
    if amount <= 0:
        return None
    entry, _ = entry_write(
        owner=locked.owner,
        kind=EntryKind.BOOST_RETURNED,
        connects=amount,
        occurred_on=occurred_on or _today(),
        application=locked,
    )
    return entry


def connects_purchase(
    *, owner: User, connects: int, usd_paid: Decimal, occurred_on: date, note: str = ""
) -> ConnectsEntry:
    if connects <= 0:
        raise LedgerError("A purchase adds at least one connect.")
    if usd_paid < 0:
        raise LedgerError("The amount paid cannot be negative.")
    entry, _ = entry_write(
        owner=owner,
        kind=EntryKind.PURCHASE,
        connects=connects,
        occurred_on=occurred_on,
        usd_paid=usd_paid,
        note=note,
    )
    return entry


def connects_grant(
    *, owner: User, connects: int, occurred_on: date, note: str = "", monthly: bool = False
) -> tuple[ConnectsEntry, bool]:
    """Free connects. A monthly grant is keyed by its month, so it lands once per month."""
    if connects <= 0:
        raise LedgerError("A grant adds at least one connect.")
    key = f"grant:{occurred_on:%Y-%m}" if monthly else None
    return entry_write(
        owner=owner,
        kind=EntryKind.MONTHLY_GRANT,
        connects=connects,
        occurred_on=occurred_on,
        note=note,
        idempotency_key=key,
    )


def monthly_grant_for(*, owner: User, on: date) -> tuple[ConnectsEntry, bool] | None:
    """The plan's free connects for the month of `on`; None when the plan grants none."""
    amount = PLAN_MONTHLY_GRANT.get(ledger_settings_for(owner).plan, 0)
    if not amount:
        return None
    return connects_grant(
        owner=owner, connects=amount, occurred_on=on, note="Monthly connects", monthly=True
    )


def connects_award(
    *, owner: User, connects: int, occurred_on: date, note: str = ""
) -> ConnectsEntry:
    if connects <= 0:
        raise LedgerError("An award adds at least one connect.")
    entry, _ = entry_write(
        owner=owner, kind=EntryKind.AWARD, connects=connects, occurred_on=occurred_on, note=note
    )
    return entry


def connects_adjust(*, owner: User, connects: int, note: str, occurred_on: date) -> ConnectsEntry:
    """A correction: the only way to change the balance without a real movement behind it."""
    if not note.strip():
        raise LedgerError("Say why: an adjustment needs a note.")
    entry, _ = entry_write(
        owner=owner,
        kind=EntryKind.ADJUSTMENT,
        connects=connects,
        occurred_on=occurred_on,
        note=note.strip(),
    )
    return entry


@transaction.atomic
def opening_balance_set(*, owner: User, connects: int, occurred_on: date) -> ConnectsEntry | None:
    """Set the balance the user started with; a later change writes the difference."""
    current = (
        ConnectsEntry.objects.filter(owner=owner, kind=EntryKind.OPENING_BALANCE).aggregate(
            total=Sum("connects")
        )["total"]
        or 0
    )
    difference = connects - current
    if difference == 0:
        return None
    entry, _ = entry_write(
        owner=owner,
        kind=EntryKind.OPENING_BALANCE,
        connects=difference,
        occurred_on=occurred_on,
        note="Starting balance" if current == 0 else f"Starting balance changed to {connects}",
    )
    return entry


RECLASSIFIABLE_KINDS = (
    EntryKind.AWARD,
    EntryKind.MONTHLY_GRANT,
    EntryKind.PURCHASE,
    EntryKind.REFUND,
    EntryKind.AVAILABILITY_BADGE,
    EntryKind.ADJUSTMENT,
)


@transaction.atomic
def entry_reclassify(*, entry: ConnectsEntry, kind: str) -> list[ConnectsEntry]:
    """Give an imported row Upwork's meaning the importer did not know.

    The entry stays as it was; a reversing adjustment and an entry of the right kind are added,
    so the balance is unchanged and the history shows what happened. Keyed, so a double click
    reclassifies once.
    """
    if kind not in RECLASSIFIABLE_KINDS or kind == entry.kind:
        raise LedgerError("Choose another kind for this entry.")
    if entry.kind != EntryKind.ADJUSTMENT:
        raise LedgerError("Only adjustments can be reclassified.")
    label = EntryKind(kind).label.lower()
    reversal, created = entry_write(
        owner=entry.owner,
        kind=EntryKind.ADJUSTMENT,
        connects=-entry.connects,
        occurred_on=entry.occurred_on,
        note=f"Reclassified as {label}",
        upwork_action=entry.upwork_action,
        idempotency_key=f"reclassify:{entry.pk}:out",
    )
    if not created:
        return []
    replacement, _ = entry_write(
        owner=entry.owner,
        kind=kind,
        connects=entry.connects,
        occurred_on=entry.occurred_on,
        note=entry.note or entry.upwork_action,
        upwork_action=entry.upwork_action,
        idempotency_key=f"reclassify:{entry.pk}:in",
    )
    return [reversal, replacement]
