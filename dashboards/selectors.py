"""The reads behind the dashboard, the monthly review and `manage.py report`.

Every figure is a database aggregate over ledger entries, applications, vettings and their
rule results; the number of queries does not depend on how many rows there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Case, CharField, Count, IntegerField, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from accounts.models import User
from dashboards.periods import Month
from ledger.expiry import LedgerState
from ledger.models import Application, ApplicationStatus, ConnectsEntry, EntryKind
from ledger.money import connects_to_usd, round_usd, usd_str
from ledger.policy import Outcome
from ledger.selectors import (
    LIST_DEFERRED,
    FateTotals,
    balance_at,
    fate_aggregates,
    ledger_settings_for,
)
from vetting.models import Decision
from vetting.rules import Status
from vetting.scoring import NOT_VETTED, NOT_VETTED_LABEL, Verdict

# Under this many applications a rate is noise; the pages say so instead of showing it.
SMALL_SAMPLE = 10
VERDICT_LABELS = {**dict(Verdict.choices()), NOT_VETTED: NOT_VETTED_LABEL}
SCORE_BANDS = (("0-39", 0, 39), ("40-69", 40, 69), ("70-100", 70, 100))
# How long a cached figure is kept: its key changes with every write it depends on, so this
# only bounds how long the cache holds keys nobody will ask for again.
CACHE_SECONDS = 24 * 60 * 60
# The all-time figures start here: before any application anyone logged.
ALL_TIME_FROM = date(1900, 1, 1)
# The review's lists select only the vetting (for its badge), so only its columns are deferred.
LIST_DEFERRED_VETTING = tuple(name for name in LIST_DEFERRED if name.startswith("vetting__"))


def win_rate(hires: int, count: int) -> float | None:
    """Hires per application, or None when the sample is too small to mean anything."""
    if count < SMALL_SAMPLE:
        return None
    return hires / count


def _score_band(prefix: str = "") -> Case:
    whens = [
        When(
            **{f"{prefix}vetting__score__gte": low, f"{prefix}vetting__score__lte": high},
            then=Value(label),
        )
        for label, low, high in SCORE_BANDS
    ]
    return Case(*whens, default=Value(NOT_VETTED), output_field=CharField())


def _verdict_group(prefix: str = "") -> Coalesce:
    return Coalesce(f"{prefix}vetting__verdict", Value(NOT_VETTED), output_field=CharField())


@dataclass
class GroupRow:
    key: str
    label: str
    count: int = 0
    hires: int = 0
    connects_lost: int = 0
    usd_lost: Decimal = Decimal("0.00")

    @property
    def win_rate(self) -> float | None:
        return win_rate(self.hires, self.count)

    @property
    def too_small(self) -> bool:
        return self.count < SMALL_SAMPLE


@dataclass
class RuleRow:
    code: str
    title: str
    failed_applications: int = 0
    warned_applications: int = 0
    connects_lost: int = 0
    warned_connects_lost: int = 0
    hires_missed: int = 0
    revenue_missed: Decimal = Decimal("0.00")
    usd_lost: Decimal = Decimal("0.00")
    still_pending: int = 0

    @property
    def net_saving(self) -> Decimal:
        """Dollars obeying the rule would have kept, less the contracts it would have cost."""
        return self.usd_lost - self.revenue_missed


@dataclass
class Summary:
    """Applications submitted in a period: what they cost, what became of them, the funnel."""

    date_from: date
    date_to: date
    price: Decimal
    fates: FateTotals
    count: int
    hires: int
    contract_value: Decimal
    funnel: dict[str, int]

    @property
    def win_rate(self) -> float | None:
        return win_rate(self.hires, self.count)

    @property
    def usd(self) -> dict[str, Decimal]:
        return self.fates.usd(self.price)

    @property
    def connects_per_hire(self) -> int | None:
        return round(self.fates.spent / self.hires) if self.hires else None

    @property
    def revenue_per_connect(self) -> Decimal | None:
        if not self.fates.spent:
            return None
        return round_usd(self.contract_value / self.fates.spent)


@dataclass
class Review(Summary):
    """Everything the monthly review page and the report command show for one period."""

    purchased: int
    purchases_paid: Decimal
    granted: int
    balance_end: int
    by_kind: dict[str, dict[str, Any]]
    verdicts: list[GroupRow]
    bands: list[GroupRow]
    rules: list[RuleRow]
    skipped_count: int
    skipped_connects: int


def _applications(owner: User, date_from: date, date_to: date) -> Any:
    return Application.objects.filter(
        owner=owner, submitted_on__gte=date_from, submitted_on__lte=date_to
    )


def _entries_of_applications(owner: User, date_from: date, date_to: date) -> Any:
    # The owner is filtered on the applications only, on purpose: the planner then reads only
    # this user's applications of the period and reaches their entries through the
    # (application, kind, connects) index. With `owner=owner` on the entries too, a planner
    # whose statistics predate a big import (it thinks the user has one row) joined the user's
    # entries to the user's applications by comparing every pair: 27 s for 20,000 of each.
    # An entry's owner is always its application's (ledger.writer writes them so).
    return ConnectsEntry.objects.filter(
        application__owner=owner,
        application__submitted_on__gte=date_from,
        application__submitted_on__lte=date_to,
    )


def _group_rows(
    owner: User,
    date_from: date,
    date_to: date,
    price: Decimal,
    key_expr: Callable[[str], Any],
    labels: dict[str, str],
) -> list[GroupRow]:
    """Count, hires and connects lost per group; `key_expr(prefix)` names each row's group."""
    rows = {key: GroupRow(key=key, label=label) for key, label in labels.items()}
    counts = (
        _applications(owner, date_from, date_to)
        .annotate(group=key_expr(""))
        .values("group")
        .annotate(count=Count("id"), hires=Count("id", filter=Q(outcome=Outcome.HIRED)))
    )
    for row in counts:
        target = rows[row["group"]]
        target.count, target.hires = row["count"], row["hires"]
    lost = (
        _entries_of_applications(owner, date_from, date_to)
        .annotate(group=key_expr("application__"))
        .values("group")
        .annotate(lost=fate_aggregates()["lost"])
    )
    for row in lost:
        target = rows[row["group"]]
        target.connects_lost = row["lost"]
        target.usd_lost = connects_to_usd(row["lost"], price)
    return list(rows.values())


def _rule_rows(owner: User, date_from: date, date_to: date, price: Decimal) -> list[RuleRow]:
    from vetting.rules import RULES

    rows = {rule.code: RuleRow(code=rule.code, title=rule.title) for rule in RULES}
    flagged = Q(vetting__rule_results__status__in=[Status.FAIL, Status.WARN])
    per_rule = (
        _applications(owner, date_from, date_to)
        .filter(flagged)
        .values("vetting__rule_results__code", "vetting__rule_results__status")
        .annotate(
            count=Count("id"),
            hires=Count("id", filter=Q(outcome=Outcome.HIRED)),
            revenue=Sum("contract_value_usd", filter=Q(outcome=Outcome.HIRED)),
            pending=Count("id", filter=Q(outcome="")),
        )
    )
    for row in per_rule:
        code, status = row["vetting__rule_results__code"], row["vetting__rule_results__status"]
        target = rows.setdefault(code, RuleRow(code=code, title=code))
        if status == Status.FAIL:
            target.failed_applications = row["count"]
            target.hires_missed = row["hires"]
            target.revenue_missed = round_usd(row["revenue"] or Decimal("0"))
            target.still_pending = row["pending"]
        else:
            target.warned_applications = row["count"]
    lost = (
        _entries_of_applications(owner, date_from, date_to)
        .filter(application__vetting__rule_results__status__in=[Status.FAIL, Status.WARN])
        .values(
            "application__vetting__rule_results__code",
            "application__vetting__rule_results__status",
        )
        .annotate(lost=fate_aggregates()["lost"])
    )
    for row in lost:
        code = row["application__vetting__rule_results__code"]
        target = rows.setdefault(code, RuleRow(code=code, title=code))
        if row["application__vetting__rule_results__status"] == Status.FAIL:
            target.connects_lost = row["lost"]
            target.usd_lost = connects_to_usd(row["lost"], price)
        else:
            target.warned_connects_lost = row["lost"]
    return sorted(rows.values(), key=lambda r: (-r.net_saving, -r.failed_applications, r.code))


def summary(
    owner: User,
    date_from: date,
    date_to: date,
    price: Decimal | None = None,
    fates: FateTotals | None = None,
    counts: dict[str, Any] | None = None,
) -> Summary:
    """Two queries: the fates of the period's applications' connects, and their counts.

    `fates`, when the caller already has them (see `fates_by_month`), saves the first;
    `counts` (`application_counts`) the second.
    """
    if price is None:
        price = ledger_settings_for(owner).price_per_connect
    if fates is None:
        entries = _entries_of_applications(owner, date_from, date_to)
        fates = FateTotals(**entries.aggregate(**fate_aggregates()))
    if counts is None:
        counts = application_counts(owner, date_from, date_to)
    return Summary(
        date_from=date_from,
        date_to=date_to,
        price=price,
        fates=fates,
        count=counts["count"],
        hires=counts["hires"],
        contract_value=round_usd(counts["value"] or Decimal("0")),
        funnel={
            "submitted": counts["count"],
            "viewed": counts["viewed"],
            "interviewing": counts["interviewing"],
            "hired": counts["hires"],
        },
    )


def application_counts(owner: User, date_from: date, date_to: date) -> dict[str, Any]:
    """The period's applications counted: all, hired (and their value), viewed, interviewing."""
    return _applications(owner, date_from, date_to).aggregate(
        count=Count("id"),
        hires=Count("id", filter=Q(outcome=Outcome.HIRED)),
        value=Sum("contract_value_usd", filter=Q(outcome=Outcome.HIRED)),
        viewed=Count(
            "id",
            filter=Q(status__in=[ApplicationStatus.VIEWED, ApplicationStatus.INTERVIEWING])
            | Q(outcome=Outcome.HIRED),
        ),
        interviewing=Count(
            "id", filter=Q(status=ApplicationStatus.INTERVIEWING) | Q(outcome=Outcome.HIRED)
        ),
    )


def review(
    owner: User,
    date_from: date,
    date_to: date,
    price: Decimal | None = None,
    skipped: dict[str, Any] | None = None,
) -> Review:
    """The review of a period: applications submitted in it and entries dated in it.

    `price` and `skipped` (`skipped_in`), when the caller has them, save a query each.
    """
    if price is None:
        price = ledger_settings_for(owner).price_per_connect
    base = summary(owner, date_from, date_to, price)
    cash = (
        ConnectsEntry.objects.filter(
            owner=owner, occurred_on__gte=date_from, occurred_on__lte=date_to
        )
        .values("kind")
        .annotate(connects=Sum("connects"), usd_paid=Sum("usd_paid"), count=Count("id"))
        .order_by("kind")
    )
    by_kind = {
        row["kind"]: {
            "label": EntryKind(row["kind"]).label,
            "connects": row["connects"],
            "count": row["count"],
            "usd_paid": row["usd_paid"],
        }
        for row in cash
    }
    if skipped is None:
        skipped = skipped_in(owner, date_from, date_to)
    verdicts = _group_rows(owner, date_from, date_to, price, _verdict_group, VERDICT_LABELS)
    band_labels = {label: label for label, _, _ in SCORE_BANDS} | {NOT_VETTED: NOT_VETTED_LABEL}
    bands = _group_rows(owner, date_from, date_to, price, _score_band, band_labels)
    return Review(
        **{f: getattr(base, f) for f in Summary.__dataclass_fields__},
        purchased=(by_kind.get(EntryKind.PURCHASE) or {}).get("connects") or 0,
        purchases_paid=round_usd(
            (by_kind.get(EntryKind.PURCHASE) or {}).get("usd_paid") or Decimal("0")
        ),
        granted=(by_kind.get(EntryKind.MONTHLY_GRANT) or {}).get("connects") or 0,
        balance_end=balance_at(owner, date_to),
        by_kind=by_kind,
        verdicts=verdicts,
        bands=bands,
        rules=_rule_rows(owner, date_from, date_to, price),
        skipped_count=skipped["count"] or 0,
        skipped_connects=skipped["connects"] or 0,
    )


def skipped_in(owner: User, date_from: date, date_to: date) -> dict[str, Any]:
    """Jobs skipped in a period (decided on in it) and the connects that kept."""
    return Decision.objects.filter(
        owner=owner, decided_on__gte=date_from, decided_on__lte=date_to
    ).aggregate(count=Count("id"), connects=Sum("connects_saved"))


def monthly_review(owner: User, month: Month) -> Review:
    return review(owner, month.first, month.last)


def monthly_review_cached(
    owner: User, month: Month, ledger: LedgerState, price: Decimal | None = None
) -> Review:
    """`monthly_review`, cached under everything it is computed from (the review page).

    A review reads the owner's entries (`ledger`: any new entry moves its key), the month's
    applications with their vettings and rule results (`applications_state`: every change to
    an application sets `updated_at`, an added or removed one changes the count; vettings and
    rule results are never changed after they are written), and the price a connect is
    counted at, all in the key. The skipped jobs are read fresh on every view: a skip does not
    touch either state, and its one query over the month's decisions is cheap. Half the
    page's queries, and the ones that aggregate the month, are skipped on a reload.
    """
    if price is None:
        price = ledger_settings_for(owner).price_per_connect
    skipped = skipped_in(owner, month.first, month.last)
    key = f"review:{owner.pk}:{month}:{price}:{ledger.key}:{applications_state(owner)}"
    found: Review | None = cache.get(key)
    if found is None:
        found = review(owner, month.first, month.last, price=price, skipped=skipped)
        cache.set(key, found, timeout=CACHE_SECONDS)
    return replace(
        found, skipped_count=skipped["count"] or 0, skipped_connects=skipped["connects"] or 0
    )


def report_json(data: Review, month: Month) -> dict[str, Any]:
    """The exact shape `manage.py report --json` prints and the monthly e-mail summarises."""
    rate = data.win_rate
    return {
        "month": str(month),
        "connects": {
            "spent": data.fates.spent,
            "refunded": data.fates.refunded,
            "lost": data.fates.lost,
            "won": data.fates.won,
            "pending": data.fates.pending,
            "purchased": data.purchased,
            "granted": data.granted,
            "balance_end": data.balance_end,
        },
        "usd": {
            "spent": usd_str(data.usd["spent"]),
            "refunded": usd_str(data.usd["refunded"]),
            "lost": usd_str(data.usd["lost"]),
            "won": usd_str(data.usd["won"]),
            "pending": usd_str(data.usd["pending"]),
            "purchases_paid": usd_str(data.purchases_paid),
        },
        "applications": {"count": data.count, "hired": data.hires, "win_rate": rate},
        "rules": [
            {
                "code": r.code,
                "failed_applications": r.failed_applications,
                "connects_lost": r.connects_lost,
                "usd_lost": usd_str(r.usd_lost),
                "hires_missed": r.hires_missed,
                "revenue_missed": usd_str(r.revenue_missed),
            }
            for r in data.rules
        ],
        "skipped": {"count": data.skipped_count, "connects_avoided": data.skipped_connects},
    }


def monthly_report(owner: User, year: int, month: int) -> dict[str, Any]:
    period = Month(year, month)
    return report_json(monthly_review(owner, period), period)


@dataclass(frozen=True)
class MonthBar:
    month: Month
    refunded: int
    lost: int
    won: int
    pending: int
    purchased: int

    @property
    def spent(self) -> int:
        return self.refunded + self.lost + self.won + self.pending


def fates_by_month(
    owner: User, date_from: date | None = None, date_to: date | None = None
) -> dict[Month, FateTotals]:
    """FateTotals per month of submission, in one grouped query (all months by default).

    The dashboard reads this month, the last twelve and the all-time totals from one result.
    """
    entries = _entries_of_applications(owner, date_from or date.min, date_to or date.max)
    rows = (
        entries.annotate(month=TruncMonth("application__submitted_on"))
        .values("month")
        .annotate(**fate_aggregates())
    )
    return {Month.of(row.pop("month")): FateTotals(**row) for row in rows}


def applications_state(owner: User) -> str:
    """The owner's active applications' state as a cache key part: their count and newest
    `updated_at`. Every write to an application sets `updated_at` (the services, the
    writer's bulk UPDATEs and COPY), an added or removed one changes the count. One
    index-only read (`application_active_cover`)."""
    apps = Application.objects.filter(owner=owner).aggregate(
        changed=Max("updated_at"), count=Count("id")
    )
    changed = apps["changed"].isoformat() if apps["changed"] else "-"
    return f"{apps['count']}:{changed}"


def fates_by_month_cached(
    owner: User, ledger: LedgerState, applications: str | None = None
) -> dict[Month, FateTotals]:
    """`fates_by_month(owner)` for all months, cached under what it is computed from.

    The fates are the owner's entries grouped by their application's month and outcome, so
    they change only with a new entry (`ledger`, the entries' newest id, count and sum: entries
    are never changed or deleted) or with a change to an application (its outcome or date:
    every write sets `updated_at`; a removal changes the count). The dashboard is opened far
    more often than either happens, and summing every application's entries is most of its
    cost for a user with years of history. `applications` is `applications_state(owner)`
    when the caller has read it.
    """
    if applications is None:
        applications = applications_state(owner)
    key = f"fates:{owner.pk}:{ledger.key}:{applications}"
    found: dict[Month, FateTotals] | None = cache.get(key)
    if found is None:
        found = fates_by_month(owner)
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def all_time_summary_cached(
    owner: User,
    today: date,
    price: Decimal,
    monthly: dict[Month, FateTotals],
    applications: str,
) -> Summary:
    """The dashboard's all-time figures: every application up to today.

    The fates are the sum of `monthly` (`fates_by_month_cached`); the counts of all the
    owner's applications change only with an application (`applications`, the
    `applications_state` the fates were keyed with) or with the day (`today` bounds them), so
    they are cached under those: counting 20,000 applications was the dashboard's second
    costliest query.
    """
    key = f"all_time_counts:{owner.pk}:{today}:{applications}"
    counts: dict[str, Any] | None = cache.get(key)
    if counts is None:
        counts = application_counts(owner, ALL_TIME_FROM, today)
        cache.set(key, counts, timeout=CACHE_SECONDS)
    return summary(
        owner, ALL_TIME_FROM, today, price, fates=add_fates(monthly.values()), counts=counts
    )


def add_fates(totals: Iterable[FateTotals]) -> FateTotals:
    names = ("spent", "refunded", "lost", "won", "pending")
    rows = list(totals)
    return FateTotals(**{n: sum(getattr(t, n) for t in rows) for n in names})


def twelve_months(
    owner: User, last: Month, monthly: dict[Month, FateTotals] | None = None
) -> list[MonthBar]:
    """Spent split by fate for each of the twelve months ending with `last`, and purchases."""
    first = last.shift(-11)
    if monthly is None:
        monthly = fates_by_month(owner, first.first, last.last)
    purchases = (
        ConnectsEntry.objects.filter(
            owner=owner,
            kind=EntryKind.PURCHASE,
            occurred_on__gte=first.first,
            occurred_on__lte=last.last,
        )
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(connects=Coalesce(Sum("connects"), Value(0), output_field=IntegerField()))
    )
    bought = {Month.of(row["month"]): row["connects"] for row in purchases}
    bars = []
    for i in range(12):
        m = first.shift(i)
        fates = monthly.get(m, FateTotals())
        bars.append(
            MonthBar(
                month=m,
                refunded=fates.refunded,
                lost=fates.lost,
                won=fates.won,
                pending=fates.pending,
                purchased=bought.get(m, 0),
            )
        )
    return bars


def latest_active_month(owner: User, today: date) -> Month:
    """The latest month up to today's with an application sent or an entry dated in it.

    The review opens there, so the 1st of a month does not open on an empty page; a new user
    gets today's month.
    """
    latest = [
        day
        for day in (
            _applications(owner, date(1900, 1, 1), today).aggregate(d=Max("submitted_on"))["d"],
            ConnectsEntry.objects.filter(owner=owner, occurred_on__lte=today).aggregate(
                d=Max("occurred_on")
            )["d"],
        )
        if day is not None
    ]
    return Month.of(max(latest, default=today))


def month_applications(owner: User, month: Month, limit: int = 50) -> list[Application]:
    return list(
        _applications(owner, month.first, month.last)
        .select_related("vetting")
        .defer(*LIST_DEFERRED_VETTING)
        .order_by("submitted_on", "id")[:limit]
    )


def rule_applications(
    owner: User, code: str, status: str, date_from: date, date_to: date
) -> list[Application]:
    """The applications behind one row of the rules table."""
    return list(
        _applications(owner, date_from, date_to)
        .filter(vetting__rule_results__code=code, vetting__rule_results__status=status)
        .select_related("vetting")
        .defer(*LIST_DEFERRED_VETTING)
        .order_by("submitted_on", "id")
    )


@dataclass(frozen=True)
class YearMonthRow:
    bar: MonthBar
    count: int
    hires: int
    skipped: int
    price: Decimal

    @property
    def win_rate(self) -> float | None:
        return win_rate(self.hires, self.count)

    @property
    def usd_lost(self) -> Decimal:
        return connects_to_usd(self.bar.lost, self.price)


def year_months(owner: User, year: int) -> list[YearMonthRow]:
    """The year view: each month's fates, applications, hires and skips, in four queries."""
    price = ledger_settings_for(owner).price_per_connect
    bars = twelve_months(owner, Month(year, 12))
    counts = (
        _applications(owner, date(year, 1, 1), date(year, 12, 31))
        .annotate(month=TruncMonth("submitted_on"))
        .values("month")
        .annotate(count=Count("id"), hires=Count("id", filter=Q(outcome=Outcome.HIRED)))
    )
    skipped = (
        Decision.objects.filter(
            owner=owner, decided_on__gte=date(year, 1, 1), decided_on__lte=date(year, 12, 31)
        )
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(count=Count("id"))
    )
    by_month = {Month.of(r["month"]): r for r in counts}
    skips = {Month.of(r["month"]): r["count"] for r in skipped}
    return [
        YearMonthRow(
            bar=bar,
            count=by_month.get(bar.month, {}).get("count", 0),
            hires=by_month.get(bar.month, {}).get("hires", 0),
            skipped=skips.get(bar.month, 0),
            price=price,
        )
        for bar in bars
    ]
