"""The reads that learn from the user's own outcomes: what-if, suggestions, worth, boosts.

Each read starts from the owner. The what-if and the suggestions load the applications with
their vetting's facts in one query and their connects in another, then judge in Python
(dashboards.whatif, dashboards.suggestions): the query count never grows with the history.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    JSONField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import User
from dashboards.gc_pause import cyclic_gc_paused
from dashboards.selectors import SCORE_BANDS, _score_band, _verdict_group, win_rate
from dashboards.suggestions import Suggestions, suggest
from dashboards.whatif import HistoryRow, WhatIf, what_if
from dashboards.worth import ProposalWorth, estimate
from ledger.kinds import PAID_KINDS, REFUND_KINDS
from ledger.models import (
    DEFAULT_PRICE_PER_CONNECT,
    Application,
    ConnectsEntry,
    LedgerSettings,
)
from ledger.money import connects_to_usd, round_usd
from ledger.policy import Fate, Outcome, fate_of
from ledger.selectors import fate_aggregates
from vetting.facts import JobFacts
from vetting.models import Vetting
from vetting.rules import SIGNALS_VERSION, DescriptionSignals, Thresholds
from vetting.selectors import thresholds_for, vetting_facts


def price_of(owner: User) -> Decimal:
    """The user's price per connect, without creating their settings row (reads never write)."""
    price = (
        LedgerSettings.objects.filter(user=owner)
        .values_list("price_per_connect", flat=True)
        .first()
    )
    return price if price is not None else DEFAULT_PRICE_PER_CONNECT


def _facts(data: Any) -> JobFacts | None:
    try:
        return JobFacts.from_json(data if isinstance(data, dict) else {})
    except (TypeError, ValueError, InvalidOperation):
        return None


class _WithoutDescription(Func):
    """A vetting's facts less the description, in the database.

    The description is over half of a stored vetting's facts; when its signals are stored the
    rules read those, so it is neither sent nor decoded. A database without a JSON function for
    it gets the whole facts (the same answer, a little slower).
    """

    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s - 'description')")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="json_remove(%(expressions)s, '$.description')"
        )

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        extra.setdefault("template", "%(expressions)s")
        return super().as_sql(compiler, connection, **extra)


# The facts the what-if needs: without the description when signals of this version are stored.
# Only the writers store signals, and only beside facts that are an object, so "-" never meets
# a JSON scalar (which PostgreSQL would refuse).
_JUDGED_FACTS = Case(
    When(
        vetting__description_signals__version=SIGNALS_VERSION,
        then=_WithoutDescription(F("vetting__facts")),
    ),
    default=F("vetting__facts"),
    output_field=JSONField(),
)


def _period(owner: User, date_from: date | None, date_to: date | None) -> QuerySet[Application]:
    apps = Application.objects.filter(owner=owner)
    if date_from is not None:
        apps = apps.filter(submitted_on__gte=date_from)
    if date_to is not None:
        apps = apps.filter(submitted_on__lte=date_to)
    return apps


def history_rows(
    owner: User, date_from: date | None = None, date_to: date | None = None
) -> tuple[list[HistoryRow], int, date | None]:
    """The vetted applications of a period as HistoryRows; also how many applications in all,
    and the first day submitted (for a period without a start). Two queries (a third only for
    rows whose stored description signals are damaged)."""
    apps = _period(owner, date_from, date_to)
    lost_by_app: dict[int, int] = {}
    paid_or_refund = Q(kind__in=(*PAID_KINDS, *REFUND_KINDS))
    entries = ConnectsEntry.objects.filter(owner=owner, application__owner=owner)
    if date_from is not None:
        entries = entries.filter(application__submitted_on__gte=date_from)
    if date_to is not None:
        entries = entries.filter(application__submitted_on__lte=date_to)
    sums = (
        entries.filter(paid_or_refund)
        .values("application_id")
        .annotate(net=Sum("connects"))
        .values_list("application_id", "net")
    )
    for app_id, net in sums:
        lost_by_app[app_id] = -(net or 0)

    rows: list[HistoryRow] = []
    damaged: list[int] = []
    total = 0
    first: date | None = None
    values = (
        apps.order_by("submitted_on", "id")
        .annotate(judged_facts=_JUDGED_FACTS)
        .values_list(
            "id",
            "submitted_on",
            "outcome",
            "contract_value_usd",
            "judged_facts",
            "vetting__created_at",
            "vetting__description_signals",
        )
    )
    for app_id, submitted_on, outcome, value, facts, vetted_at, signals in values:
        total += 1
        if first is None:
            first = submitted_on
        if vetted_at is None:
            continue
        lost = lost_by_app.get(app_id, 0) if fate_of(outcome) is Fate.LOST else 0
        job = _facts(facts)
        if job is None:
            # A damaged row is judged on nothing: every rule "unknown", never a crash of the page.
            job, signals = JobFacts(), None
        read = DescriptionSignals.from_json(signals)
        if read is None and isinstance(signals, dict) and signals.get("version") == SIGNALS_VERSION:
            damaged.append(len(rows))  # its description was left out by the query: fetch it
        rows.append(
            HistoryRow(
                application_id=app_id,
                submitted_on=submitted_on,
                facts=job,
                vetted_at=vetted_at,
                outcome=outcome,
                contract_value=(value or Decimal("0")) if outcome == Outcome.HIRED else Decimal(0),
                connects_lost=max(lost, 0),
                signals=read,
            )
        )
    if damaged:
        _restore_descriptions(owner, rows, damaged)
    return rows, total, first


def _restore_descriptions(owner: User, rows: list[HistoryRow], damaged: list[int]) -> None:
    """Put back the description of rows whose stored signals did not load (one more query, only
    for a history that has such rows), so they are judged on the text like unread ones."""
    ids = [rows[i].application_id for i in damaged]
    texts = dict(
        Application.objects.filter(owner=owner, pk__in=ids).values_list(
            "id", "vetting__facts__description"
        )
    )
    for i in damaged:
        text = texts.get(rows[i].application_id)
        if isinstance(text, str) and text:
            facts = dataclasses.replace(rows[i].facts, description=text)
            rows[i] = dataclasses.replace(rows[i], facts=facts)


def whatif_report(
    owner: User,
    thresholds: Thresholds,
    date_from: date | None = None,
    date_to: date | None = None,
) -> WhatIf:
    """Every application of the period judged again under ``thresholds`` (three queries)."""
    with cyclic_gc_paused():
        rows, total, first = history_rows(owner, date_from, date_to)
        today = timezone.localdate()
        return what_if(
            rows,
            thresholds,
            price=price_of(owner),
            date_from=date_from or first or today,
            date_to=date_to or today,
            total=total,
        )


# Trying every value on a long history takes seconds; the answer only changes with the history,
# the thresholds or the price, so it is kept under a key made of those for this long.
SUGGESTIONS_CACHE_SECONDS = 3600


def threshold_suggestions(owner: User) -> Suggestions:
    """For each number of the user's thresholds, the value with the best net over all history."""
    thresholds, price = thresholds_for(owner), price_of(owner)
    state = Application.objects.filter(owner=owner).aggregate(
        count=Count("id"), changed=Max("updated_at"), last=Max("id")
    )
    version = hashlib.sha256(
        json.dumps(
            [
                state["count"],
                str(state["changed"]),
                state["last"],
                thresholds.to_dict(),
                str(price),
            ],
            sort_keys=True,
        ).encode()
    ).hexdigest()[:32]
    key = f"dashboards:suggestions:{owner.pk}:{version}"
    found = cache.get(key)
    if isinstance(found, Suggestions):
        return found
    with cyclic_gc_paused():
        rows, _, _ = history_rows(owner)
        data = suggest(rows, thresholds, price=price)
    cache.set(key, data, SUGGESTIONS_CACHE_SECONDS)
    return data


def whatif_applications(owner: User, ids: list[int]) -> QuerySet[Application]:
    """The applications behind one figure of the what-if, oldest first."""
    return (
        Application.objects.filter(owner=owner, pk__in=ids)
        .select_related("vetting")
        .order_by("submitted_on", "id")
    )


# ---------------------------------------------------------------------------------------------
# What a proposal is worth
# ---------------------------------------------------------------------------------------------
def band_of(score: int) -> str:
    return next((label for label, low, high in SCORE_BANDS if low <= score <= high), "none")


def _budget(facts: JobFacts) -> Decimal | None:
    if facts.budget_type != "fixed":
        return None  # an hourly range is a rate, not what the contract brings
    return facts.budget_max if facts.budget_max is not None else facts.budget_min


def proposal_worth(owner: User, vetting: Vetting) -> ProposalWorth:
    """What a proposal on the job of ``vetting`` is worth to ``owner``; three queries.

    The one function the vetting page, the API and the extension's chip call. ``vetting`` must
    be one of the owner's (the callers fetch it by owner, so another user's is already a 404).
    """
    verdict, band = vetting.verdict, band_of(vetting.score)
    decided = Application.objects.filter(owner=owner).exclude(outcome="")
    groups = (
        decided.annotate(verdict_key=_verdict_group(""), band_key=_score_band(""))
        .values("verdict_key", "band_key")
        .annotate(count=Count("id"), hires=Count("id", filter=Q(outcome=Outcome.HIRED)))
    )
    overall_count = overall_hires = band_count = band_hires = 0
    for row in groups:
        overall_count += row["count"]
        overall_hires += row["hires"]
        if row["verdict_key"] == verdict and row["band_key"] == band:
            band_count, band_hires = row["count"], row["hires"]
    values = decided.filter(outcome=Outcome.HIRED, contract_value_usd__isnull=False)
    hire_values = [v for v in values.values_list("contract_value_usd", flat=True) if v is not None]
    facts = vetting_facts(vetting)
    return estimate(
        verdict=verdict,
        band=band,
        band_hires=band_hires,
        band_count=band_count,
        overall_hires=overall_hires,
        overall_count=overall_count,
        hire_values=hire_values,
        budget=_budget(facts),
        connects=facts.connects_required,
        price=price_of(owner),
    )


def vetting_of(owner: User, vetting_id: int) -> Vetting | None:
    return Vetting.objects.filter(owner=owner, pk=vetting_id).select_related("job").first()


# ---------------------------------------------------------------------------------------------
# Boosts
# ---------------------------------------------------------------------------------------------
BOOST_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("none", "No boost", 0, 0),
    ("1-25", "1-25 connects", 1, 25),
    ("26-75", "26-75 connects", 26, 75),
    ("76+", "76 connects or more", 76, None),
)


def _boost_band(prefix: str = "") -> Case:
    field = f"{prefix}boost_connects"
    whens = []
    for key, _, low, high in BOOST_BANDS:
        bounds = {f"{field}__gte": low}
        if high is not None:
            bounds[f"{field}__lte"] = high
        whens.append(When(**bounds, then=Value(key)))
    return Case(*whens, default=Value("none"), output_field=CharField())


@dataclass
class BoostRow:
    key: str
    label: str
    price: Decimal
    count: int = 0
    hires: int = 0
    spent: int = 0
    connects_lost: int = 0

    @property
    def win_rate(self) -> float | None:
        return win_rate(self.hires, self.count)

    @property
    def usd_spent(self) -> Decimal:
        return connects_to_usd(self.spent, self.price)

    @property
    def usd_lost(self) -> Decimal:
        return connects_to_usd(self.connects_lost, self.price)

    @property
    def cost_per_hire(self) -> Decimal | None:
        """Dollars of connects spent in the band for each hire it brought."""
        return round_usd(self.usd_spent / self.hires) if self.hires else None


def boost_bands(owner: User, date_from: date, date_to: date) -> list[BoostRow]:
    """Win rate, cost per hire and connects lost by boost size, in two grouped queries."""
    price = price_of(owner)
    rows = {key: BoostRow(key=key, label=label, price=price) for key, label, _, _ in BOOST_BANDS}
    counts = (
        _period(owner, date_from, date_to)
        .annotate(band=_boost_band(""))
        .values("band")
        .annotate(count=Count("id"), hires=Count("id", filter=Q(outcome=Outcome.HIRED)))
    )
    for row in counts:
        rows[row["band"]].count, rows[row["band"]].hires = row["count"], row["hires"]
    fates = (
        ConnectsEntry.objects.filter(
            owner=owner,
            application__owner=owner,
            application__submitted_on__gte=date_from,
            application__submitted_on__lte=date_to,
        )
        .annotate(band=_boost_band("application__"))
        .values("band")
        .annotate(**fate_aggregates())
    )
    for row in fates:
        rows[row["band"]].spent, rows[row["band"]].connects_lost = row["spent"], row["lost"]
    return list(rows.values())
