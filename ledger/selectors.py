"""Every read behind a ledger page or report: aggregation happens in the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, IntegerField, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce

from accounts.models import User
from ledger.kinds import PAID_KINDS, REFUND_KINDS, EntryKind
from ledger.models import Application, ConnectsEntry, LedgerSettings
from ledger.money import connects_to_usd
from ledger.policy import Fate, outcomes_with_fate
from vetting.models import Job


def ledger_settings_for(owner: User) -> LedgerSettings:
    """The user's ledger settings; the defaults, unsaved, until the user first changes one
    (ledger.services.ledger_settings_update creates the row)."""
    return LedgerSettings.objects.filter(user=owner).first() or LedgerSettings(user=owner)


def application_of_job(*, owner: User, job: Job) -> Application | None:
    """The user's latest application to a job (a vetting's job), if any."""
    return Application.objects.filter(owner=owner, job=job).order_by("-submitted_on", "-id").first()


def balance_known(owner: User) -> bool:
    """Bidbook knows the user's balance: a starting balance is set, or connects have arrived."""
    if LedgerSettings.objects.filter(user=owner, starting_balance__isnull=False).exists():
        return True
    return ConnectsEntry.objects.filter(owner=owner, connects__gt=0).exists()


def balance_of(owner: User) -> int:
    total = ConnectsEntry.objects.filter(owner=owner).aggregate(total=Sum("connects"))["total"]
    return total or 0


def balance_at(owner: User, on: date) -> int:
    """The balance at the end of a day."""
    total = ConnectsEntry.objects.filter(owner=owner, occurred_on__lte=on).aggregate(
        total=Sum("connects")
    )["total"]
    return total or 0


@dataclass(frozen=True)
class FateTotals:
    """Connects of a set of applications by what became of them.

    spent = refunded + lost + won + pending, always: lost, won and pending are what was paid
    and not refunded, split by the application's outcome (see ledger.policy).
    """

    spent: int = 0
    refunded: int = 0
    lost: int = 0
    won: int = 0
    pending: int = 0

    def usd(self, price: Decimal) -> dict[str, Decimal]:
        return {
            name: connects_to_usd(getattr(self, name), price)
            for name in ("spent", "refunded", "lost", "won", "pending")
        }


_PAID_OR_REFUND = (*PAID_KINDS, *REFUND_KINDS)


def _neg_sum(condition: Q) -> Coalesce:
    return Coalesce(-Sum("connects", filter=condition), Value(0), output_field=IntegerField())


def _sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("connects", filter=condition), Value(0), output_field=IntegerField())


def fate_aggregates(prefix: str = "application__") -> dict[str, Coalesce]:
    """Aggregate expressions over ConnectsEntry rows giving FateTotals' fields in one query."""
    outcome = f"{prefix}outcome__in"
    paid_or_refund = Q(kind__in=_PAID_OR_REFUND)
    return {
        "spent": _neg_sum(Q(kind__in=PAID_KINDS)),
        "refunded": _sum(Q(kind__in=REFUND_KINDS)),
        "lost": _neg_sum(paid_or_refund & Q(**{outcome: outcomes_with_fate(Fate.LOST)})),
        "won": _neg_sum(paid_or_refund & Q(**{outcome: outcomes_with_fate(Fate.WON)})),
        # Pending: no outcome yet, or a refunding outcome whose refund has not fully landed.
        "pending": _neg_sum(
            paid_or_refund & Q(**{outcome: ["", *outcomes_with_fate(Fate.REFUNDED)]})
        ),
    }


def fate_totals(entries: QuerySet[ConnectsEntry]) -> FateTotals:
    """FateTotals of the application entries in `entries` (other kinds are ignored)."""
    row = entries.filter(application__isnull=False).aggregate(**fate_aggregates())
    return FateTotals(**row)


def application_fate_totals(
    owner: User, *, submitted_from: date | None = None, submitted_to: date | None = None
) -> FateTotals:
    """Totals for the applications submitted in a period (their entries may fall later)."""
    entries = ConnectsEntry.objects.filter(owner=owner)
    if submitted_from:
        entries = entries.filter(application__submitted_on__gte=submitted_from)
    if submitted_to:
        entries = entries.filter(application__submitted_on__lte=submitted_to)
    return fate_totals(entries)


@dataclass(frozen=True)
class ApplicationMoney:
    """What an application paid and got back, from its entries."""

    paid: int = 0  # proposal + boost - boost returned
    refunded: int = 0
    boost_charged: int = 0
    boost_returned: int = 0

    @property
    def outstanding(self) -> int:
        """Paid and not yet refunded."""
        return self.paid - self.refunded


def paid_by_application(applications: Iterable[Application]) -> dict[int, ApplicationMoney]:
    """What each application of a page paid and got back, in one query."""
    ids = [a.pk for a in applications]
    rows = (
        ConnectsEntry.objects.filter(application_id__in=ids)
        .values("application_id")
        .annotate(
            paid=_neg_sum(Q(kind__in=PAID_KINDS)),
            refunded=_sum(Q(kind__in=REFUND_KINDS)),
            boost_charged=_neg_sum(Q(kind=EntryKind.BOOST)),
            boost_returned=_sum(Q(kind=EntryKind.BOOST_RETURNED)),
        )
        .order_by()
    )
    out = {pk: ApplicationMoney() for pk in ids}
    for row in rows:
        app_id = row.pop("application_id")
        out[app_id] = ApplicationMoney(**row)
    return out


def application_money(application: Application) -> ApplicationMoney:
    return paid_by_application([application])[application.pk]


def entries_with_running_balance(
    owner: User,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kinds: Sequence[str] = (),
) -> QuerySet[ConnectsEntry]:
    """Entries newest first, each with the balance right after it (`running_balance`).

    For exports, which read every row of a period: the window covers the period only, so the
    balance before the period is added to it. With a kind filter a running balance means
    nothing, so it is None. The ledger page uses `set_running_balances` on its fifty rows.
    """
    entries = entries_for(owner, date_from=date_from, date_to=date_to, kinds=kinds)
    if kinds:
        return entries.annotate(running_balance=Value(None, output_field=IntegerField()))
    before = balance_at(owner, date_from - timedelta(days=1)) if date_from else 0
    return entries.annotate(
        running_balance=Window(Sum("connects"), order_by=[F("occurred_on").asc(), F("id").asc()])
        + Value(before)
    )


def entries_for(
    owner: User,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    kinds: Sequence[str] = (),
) -> QuerySet[ConnectsEntry]:
    """The ledger page's rows, newest first; see `set_running_balances` for the balances."""
    entries = ConnectsEntry.objects.filter(owner=owner).select_related("application")
    if date_from:
        entries = entries.filter(occurred_on__gte=date_from)
    if date_to:
        entries = entries.filter(occurred_on__lte=date_to)
    if kinds:
        entries = entries.filter(kind__in=kinds)
    return entries.order_by("-occurred_on", "-id")


def set_running_balances(owner: User, page: Sequence[ConnectsEntry]) -> None:
    """Give each entry of a page (newest first, no kind filter) the balance right after it.

    One aggregate finds the balance after the page's newest entry; walking down the page, the
    balance after each older entry is the one above it less that entry's movement. A window
    over the whole ledger would sort every entry to show fifty.
    """
    if not page:
        return
    top = page[0]
    balance = (
        ConnectsEntry.objects.filter(owner=owner)
        .filter(Q(occurred_on__lt=top.occurred_on) | Q(occurred_on=top.occurred_on, id__lte=top.pk))
        .aggregate(total=Sum("connects"))["total"]
        or 0
    )
    for entry in page:
        entry.running_balance = balance  # type: ignore[attr-defined]
        balance -= entry.connects


def entries_by_kind(owner: User, *, date_from: date, date_to: date) -> dict[str, dict[str, object]]:
    """The cash view of a period: connects and dollars paid per entry kind."""
    rows = (
        ConnectsEntry.objects.filter(
            owner=owner, occurred_on__gte=date_from, occurred_on__lte=date_to
        )
        .values("kind")
        .annotate(connects=Sum("connects"), usd_paid=Sum("usd_paid"))
        .order_by("kind")
    )
    return {
        row["kind"]: {"connects": row["connects"], "usd_paid": row["usd_paid"] or Decimal("0")}
        for row in rows
    }


def application_with_removed(owner: User, pk: int) -> Application | None:
    """One of the owner's applications, a removed duplicate too (its page keeps its timeline)."""
    return (
        Application.all_objects.filter(owner=owner, pk=pk).select_related("vetting", "job").first()
    )


def applications_for(owner: User) -> QuerySet[Application]:
    return Application.objects.filter(owner=owner).select_related("vetting", "job")


# The related columns a list of applications never shows: a pasted page, its facts and the
# thresholds it was scored with are kilobytes per vetting and a job's description as much, and
# a page of 50 rows read them all only to drop them (make bench: the applications page).
LIST_DEFERRED = (
    "vetting__raw_text",
    "vetting__facts",
    "vetting__thresholds",
    "job__description",
)


def application_list_for(owner: User) -> QuerySet[Application]:
    """`applications_for` as the list pages read it: without the columns they never show."""
    return applications_for(owner).defer(*LIST_DEFERRED)
