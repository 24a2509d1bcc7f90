"""Every write that moves connects. Atomic; idempotent wherever a retry can repeat it.

Services write, selectors read (ledger.selectors). Views, tasks and importers call these; each
checks what the user asked for and hands the rows to the ledger's one writer (ledger.writer),
which computes, compares and writes the entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from accounts.models import User
from ledger import writer
from ledger.bid_table import Bid
from ledger.kinds import RECLASSIFIABLE_KINDS, REFUND_KINDS, EntryKind, shown_by_upwork
from ledger.models import (
    PLAN_MONTHLY_GRANT,
    Application,
    ApplicationStatus,
    ConnectsEntry,
    ImportBatch,
    LedgerSettings,
)
from ledger.policy import Outcome
from ledger.selectors import application_money, ledger_settings_for
from ledger.writer import LedgerError as LedgerError  # where the pages have always found it

if TYPE_CHECKING:
    from vetting.models import Job, Vetting


# Settings fields a user may change (the settings form's fields).
LEDGER_SETTINGS_FIELDS = (
    "price_per_connect",
    "plan",
    "grant_day",
    "reminder_days",
    "weekly_digest",
    "monthly_report",
)


@transaction.atomic
def ledger_settings_update(*, owner: User, **values: object) -> LedgerSettings:
    """Change a user's ledger settings; the row is created by the first change (reads never
    write: ledger.selectors.ledger_settings_for returns the defaults unsaved until then)."""
    unknown = set(values) - set(LEDGER_SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not a ledger setting: {', '.join(sorted(unknown))}")
    row = LedgerSettings.objects.select_for_update().filter(user=owner).first()
    row = row or LedgerSettings(user=owner)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def ledger_settings_lock(*, owner: User) -> LedgerSettings:
    """Lock the user's settings row (created with the defaults if need be) until the caller's
    transaction ends: writers that must not run twice at once for one user take it first."""
    LedgerSettings.objects.get_or_create(user=owner)
    return LedgerSettings.objects.select_for_update().get(user=owner)


_OUTCOMES = frozenset(Outcome.values)  # Outcome.values builds a new list on every call


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
    """Append one entry (ledger.writer.entry_append). With an idempotency key, a repeat
    returns the first entry instead. Returns (entry, created).
    """
    return writer.entry_append(
        writer.EntryRow(
            owner_id=owner.pk,
            kind=kind,
            connects=connects,
            occurred_on=occurred_on,
            application_id=application.pk if application is not None else None,
            usd_paid=usd_paid,
            note=note,
            upwork_action=upwork_action,
            import_batch_id=import_batch.pk if import_batch is not None else None,
            idempotency_key=idempotency_key,
        )
    )


def application_check(
    *, submitted_on: date, connects_paid: int, boost_connects: int, today: date | None = None
) -> None:
    """What every way of logging an application refuses (the form, the CSV import).

    `today`: a bulk caller reads the date once, not once a row.
    """
    if connects_paid < 0 or boost_connects < 0:
        raise LedgerError("Connects cannot be negative.")
    if submitted_on > (today or _today()):
        raise LedgerError("The submission date cannot be in the future.")


def outcome_check(*, outcome: str, contract_value_usd: Decimal | None) -> None:
    if outcome and outcome not in _OUTCOMES:
        raise LedgerError(f"Unknown outcome {outcome!r}.")
    if contract_value_usd is not None and contract_value_usd < 0:
        raise LedgerError("The contract value cannot be negative.")


def outcome_date_check(*, application: Application, outcome: str, outcome_on: date) -> None:
    """An outcome happens on or after the day the proposal was sent, and not after today."""
    if not outcome:
        return
    if outcome_on < application.submitted_on:
        raise LedgerError(
            f"The outcome date ({outcome_on:%b %d, %Y}) is before the proposal was sent "
            f"({application.submitted_on:%b %d, %Y}): an outcome comes on or after that day."
        )
    if outcome_on > _today():
        raise LedgerError("The outcome date cannot be in the future.")


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
    bid_table: Sequence[Bid] = (),
) -> Application:
    """Log a proposal sent: the application, its proposal entry and its boost entry, together."""
    application_check(
        submitted_on=submitted_on, connects_paid=connects_paid, boost_connects=boost_connects
    )
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
    writer.application_sync(application, refund_on=submitted_on)
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
) -> list[ConnectsEntry]:
    """Record how an application ended, and move the connects Upwork's rule says move.

    A refunding outcome refunds everything paid and not yet returned. Leaving a refunding
    outcome for any other reverses what was refunded, so the history stays true. Setting the
    same outcome again writes nothing. An empty outcome means "still pending".
    Returns the entries written.
    """
    outcome_check(outcome=outcome, contract_value_usd=contract_value_usd)
    when = outcome_on or _today()
    outcome_date_check(application=application, outcome=outcome, outcome_on=when)
    locked = _locked(application)
    writer.outcome_apply(
        locked, outcome=outcome, outcome_on=when, contract_value_usd=contract_value_usd
    )
    written = writer.application_sync(
        locked,
        kinds=REFUND_KINDS,
        refund_on=when,
        import_batch_id=import_batch.pk if import_batch is not None else None,
    )
    application.refresh_from_db()
    return written


@transaction.atomic
def application_record_outcome(
    *, application: Application, outcome: str, outcome_on: date | None = None
) -> Application:
    """Record an outcome whose connects Upwork's own rows already moved: no entry is written.

    For imports: a "Job canceled" row is both the refund and the word that the client closed
    the job. Use `application_set_outcome` whenever Bidbook should move the connects itself.
    """
    outcome_check(outcome=outcome, contract_value_usd=None)
    when = outcome_on or _today()
    outcome_date_check(application=application, outcome=outcome, outcome_on=when)
    locked = _locked(application)
    writer.outcome_apply(locked, outcome=outcome, outcome_on=when)
    application.refresh_from_db()
    return locked


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


class CorrectionError(LedgerError):
    """A correction refused, naming the field that is wrong (the form and the API show it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# What a correction may change, with the model's own limits (Application's validators).
CORRECTABLE_FIELDS = ("connects_paid", "boost_connects", "job_title", "job_url", "submitted_on")
_MONEY_FIELDS = ("connects_paid", "boost_connects")
_FIELD_LABELS = {
    "connects_paid": "Connects",
    "boost_connects": "Boost",
    "job_title": "Title",
    "job_url": "Job link",
    "submitted_on": "Date",
}


def _correction_check(application: Application, values: dict[str, object]) -> dict[str, object]:
    """The cleaned values; CorrectionError names the first field that is wrong."""
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"not a correctable field: {', '.join(sorted(unknown))}")
    cleaned: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        candidate = Application(**{name: value})
        field = Application._meta.get_field(name)
        assert isinstance(field, Field)  # CORRECTABLE_FIELDS are concrete columns
        try:
            value = field.clean(value, candidate)
        except ValidationError as error:
            raise CorrectionError(
                name, f"{_FIELD_LABELS[name]}: {' '.join(error.messages)}"
            ) from None
        cleaned[name] = value
    submitted_on = cleaned.get("submitted_on")
    if isinstance(submitted_on, date):
        if submitted_on > _today():
            raise CorrectionError(
                "submitted_on", "Date: the submission date cannot be in the future."
            )
        if application.outcome_on and submitted_on > application.outcome_on:
            raise CorrectionError(
                "submitted_on",
                f"Date: the outcome came on {application.outcome_on:%b %d, %Y}; the proposal "
                "was sent on or before that day.",
            )
    return cleaned


def _correction_note(application: Application, cleaned: dict[str, object]) -> str:
    parts = []
    for name in CORRECTABLE_FIELDS:
        if name in cleaned and cleaned[name] != getattr(application, name):
            old, new = getattr(application, name), cleaned[name]
            if isinstance(old, date) and isinstance(new, date):
                old, new = f"{old:%b %d, %Y}", f"{new:%b %d, %Y}"
            parts.append(f"{_FIELD_LABELS[name]} corrected from {old} to {new}")
    return "; ".join(parts)[:500]


@transaction.atomic
def application_correct(*, application: Application, **values: object) -> list[ConnectsEntry]:
    """Correct a mistyped application: connects, boost, title, job link, submitted date.

    The fields change in place (they describe the application); the connects never do: the
    writer appends entries with the differences (ledger.writer.application_correct), in this
    transaction, under the row lock. The same correction twice writes nothing the second time.
    Returns the entries written.
    """
    locked = Application.all_objects.select_for_update().get(pk=application.pk)
    if locked.removed_at is not None:
        raise CorrectionError("application", "A removed duplicate cannot be corrected.")
    cleaned = _correction_check(locked, values)
    note = _correction_note(locked, cleaned)
    if not note:
        return []
    moved = cleaned.get("submitted_on", locked.submitted_on) != locked.submitted_on
    figures = any(cleaned.get(f, getattr(locked, f)) != getattr(locked, f) for f in _MONEY_FIELDS)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*cleaned, "updated_at"])
    if not (moved or figures):
        return []  # a title or a link: no connects move
    written = writer.application_correct(locked, refund_on=_today(), note=note, move_charges=moved)
    application.refresh_from_db()
    return written


@transaction.atomic
def application_remove_duplicate(
    *, application: Application, reason: str = "Removed as a duplicate"
) -> list[ConnectsEntry]:
    """Remove a duplicate: every connect it moved is given back by correcting entries.

    The row stays, marked removed (its entries reference it), and leaves every list, count
    and review (Application.objects). Removing it again writes nothing.
    """
    locked = Application.all_objects.select_for_update().get(pk=application.pk)
    if locked.removed_at is not None:
        return []
    locked.removed_at = timezone.now()
    locked.removed_reason = (reason.strip() or "Removed as a duplicate")[:200]
    locked.save(update_fields=["removed_at", "removed_reason", "updated_at"])
    written = writer.application_correct(locked, refund_on=_today(), note=locked.removed_reason)
    application.refresh_from_db()
    return written


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


STARTING_BALANCE_MAX = 100_000


@transaction.atomic
def starting_balance_set(
    *, owner: User, connects: int, as_of: datetime | None = None
) -> list[ConnectsEntry]:
    """The balance Upwork showed at a moment (default: now): "451 connects as of Jan 12, 09:18".

    Entries that happened at or before the moment are already inside it, whether they are in
    the ledger yet or arrive later (an import of older rows): the writer keeps the opening
    balance equal to the difference, so the order of the two steps never matters.
    Returns the opening-balance entries written.
    """
    as_of = starting_balance_check(connects=connects, as_of=as_of)
    settings = ledger_settings_lock(owner=owner)
    settings.starting_balance = connects
    settings.starting_balance_as_of = as_of
    settings.save(update_fields=["starting_balance", "starting_balance_as_of"])
    return writer.starting_balance_sync(owner_id=owner.pk, connects=connects, as_of=as_of)


def starting_balance_check(*, connects: int, as_of: datetime | None) -> datetime:
    """What a starting balance may be (the settings form asks too); returns the moment, aware."""
    if not 0 <= connects <= STARTING_BALANCE_MAX:
        raise LedgerError(
            f"A starting balance is between 0 and {STARTING_BALANCE_MAX:,} connects; "
            f"{connects:,} is not."
        )
    now = timezone.now()
    as_of = as_of or now
    if timezone.is_naive(as_of):
        as_of = timezone.make_aware(as_of)
    if as_of > now + timedelta(minutes=5):
        raise LedgerError("The starting balance cannot be dated in the future.")
    if as_of.year < 2000:
        raise LedgerError("The starting balance's moment must be after the year 2000.")
    return as_of


def opening_balance_set(*, owner: User, connects: int, occurred_on: date) -> ConnectsEntry | None:
    """A starting balance as of the first moment of a day (the demo's first day)."""
    start = timezone.make_aware(datetime.combine(occurred_on, time.min))
    written = starting_balance_set(owner=owner, connects=connects, as_of=start)
    return written[-1] if written else None


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
    if not shown_by_upwork(kind, entry.connects):
        raise LedgerError(
            f"A {EntryKind(kind).label.lower()} cannot move {entry.connects:+d} connects."
        )
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
