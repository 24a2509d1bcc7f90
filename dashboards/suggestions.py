"""Suggested thresholds: for each number, the value that would have given the best net.

Pure Python over the rows of dashboards.whatif. One threshold moves at a time, the others stay as
the user has them; the net is the combined what-if's (dollars of connects lost on the jobs that
would have been skipped, less the contracts won on them).

Trying a dozen values of twenty thresholds on a long history would mean hundreds of passes of the
rules. Two facts make it one pass and a little: a rule is a pure function, so its result can only
change with a threshold it *read* while judging that job (the thresholds are seen through a proxy
that notes every name read); and only decisive rules decide a skip. So for each threshold only the
(application, decisive rule) pairs that read it are judged again, and an application that another
decisive rule fails anyway is skipped under every value and never judged again at all.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from dashboards.whatif import HistoryRow
from ledger.money import connects_to_usd, round_usd
from vetting.forms import _ORDERED_THRESHOLDS as ORDERED_THRESHOLDS
from vetting.rules import RULES, Rule, RuleContext, RuleResult, Status, Thresholds

logger = logging.getLogger(__name__)

# Under this many applications sent on a vetting, or this many hires among them, the best value
# is as likely luck as signal: the page says so next to it.
MIN_SENT = 30
MIN_HIRES = 3
# About this many values are tried between a threshold's minimum and a few times its default.
GRID_POINTS = 10


class _SeenThresholds:
    """The thresholds a rule sees: notes each name it reads; the values behind can be swapped."""

    __slots__ = ("seen", "target")

    def __init__(self, target: Thresholds) -> None:
        self.target = target
        self.seen: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.seen.add(name)
        return getattr(self.target, name)


def _evaluate(rule: Rule, ctx: RuleContext) -> RuleResult:
    try:
        return rule.evaluate(ctx)
    except Exception:
        # As in vetting.scoring: a broken rule is "unknown", never a crash of the page.
        logger.exception("Vetting rule %s raised", rule.code)
        return RuleResult(rule.code, Status.UNKNOWN, "could not be evaluated")


@dataclass(frozen=True)
class Point:
    value: int | float
    net_usd: Decimal


@dataclass(frozen=True)
class Suggestion:
    name: str
    label: str
    current: int | float
    suggested: int | float
    net_current: Decimal
    net_suggested: Decimal
    changed: int  # applications whose skip the suggested value turns on or off
    curve: tuple[Point, ...]

    @property
    def gain_usd(self) -> Decimal:
        return self.net_suggested - self.net_current

    @property
    def is_change(self) -> bool:
        return self.suggested != self.current


@dataclass(frozen=True)
class Suggestions:
    items: tuple[Suggestion, ...]  # thresholds that change a skip somewhere in the history
    no_effect: tuple[str, ...]  # labels of those that change none
    sent: int
    hires: int
    net_current: Decimal
    base: Thresholds

    @property
    def changes(self) -> dict[str, int | float]:
        """The suggested values to apply together, biggest gain first; a value that would break
        an ordered pair (a warning bar above its failing bar) with those already taken is left."""
        taken: dict[str, Any] = {}
        for item in sorted(self.items, key=lambda s: -s.gain_usd):
            if not item.is_change:
                continue
            trial = dataclasses.replace(self.base, **{**taken, item.name: item.suggested})
            if _respects_order(trial):
                taken[item.name] = item.suggested
        return taken

    @property
    def warning(self) -> str | None:
        """A plain warning when the history is too short to trust, else None."""
        if self.sent >= MIN_SENT and self.hires >= MIN_HIRES:
            return None
        return (
            f"Only {self.sent} application{'' if self.sent == 1 else 's'} sent on a vetting and "
            f"{self.hires} hire{'' if self.hires == 1 else 's'} behind these suggestions: too few "
            f"to trust (Bidbook wants at least {MIN_SENT} and {MIN_HIRES}). Treat them as a hint."
        )


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def candidates(f: dataclasses.Field[Any], current: int | float) -> list[int | float]:
    """Round values from the threshold's minimum to a few times its default (and the current)."""
    low, high = f.metadata["min"], f.metadata["max"]
    default: int | float = f.default  # type: ignore[assignment]  # numeric fields have one
    top = min(high, max(default * 3, current * 1.5, low + 5))
    step = _nice_step((top - low) / GRID_POINTS)
    is_int = isinstance(default, int)
    if is_int:
        step = max(1, round(step))
    values: set[int | float] = {low, current}
    k = math.ceil(low / step)
    while k * step <= top:
        value = k * step
        values.add(int(value) if is_int else round(value, 2))
        k += 1
    return sorted(v for v in values if low <= v <= high)


def _respects_order(thresholds: Thresholds) -> bool:
    return all(
        getattr(thresholds, low) <= getattr(thresholds, high) for low, high in ORDERED_THRESHOLDS
    )


@dataclass
class _Judged:
    row: HistoryRow
    ctx: RuleContext
    proxy: _SeenThresholds
    statuses: list[Status]
    reads: list[frozenset[str]]
    skip: bool


def suggest(rows: Sequence[HistoryRow], base: Thresholds, *, price: Decimal) -> Suggestions:
    decisive = [i for i, rule in enumerate(RULES) if rule.code in base.decisive]
    interned: dict[frozenset[str], frozenset[str]] = {}
    judged: list[_Judged] = []
    for row in rows:
        proxy = _SeenThresholds(base)
        ctx = RuleContext(
            facts=row.facts,
            thresholds=cast(Thresholds, proxy),
            now=row.vetted_at,
            signals=row.signals,
        )
        statuses, reads = [], []
        for rule in RULES:
            proxy.seen = set()
            statuses.append(_evaluate(rule, ctx).status)
            seen = frozenset(proxy.seen)
            reads.append(interned.setdefault(seen, seen))
        skip = any(statuses[i] == Status.FAIL for i in decisive)
        judged.append(_Judged(row, ctx, proxy, statuses, reads, skip))

    base_connects = sum(j.row.connects_lost for j in judged if j.skip)
    base_value = sum((j.row.contract_value for j in judged if j.skip), Decimal("0"))

    def net(connects: int, value: Decimal) -> Decimal:
        return connects_to_usd(connects, price) - round_usd(value)

    net_current = net(base_connects, base_value)
    items: list[Suggestion] = []
    no_effect: list[str] = []
    for f in Thresholds.numeric_fields():
        current = getattr(base, f.name)
        # The applications whose skip can move with this threshold, with the rules to re-judge.
        movable: list[tuple[_Judged, list[int]]] = []
        for j in judged:
            reading = [i for i in decisive if f.name in j.reads[i]]
            if not reading:
                continue
            others_fail = any(j.statuses[i] == Status.FAIL and i not in reading for i in decisive)
            if not others_fail:
                movable.append((j, reading))
        curve: list[Point] = []
        flips_at: dict[int | float, int] = {}
        for value in candidates(f, current):
            changes: dict[str, Any] = {f.name: value}
            trial = dataclasses.replace(base, **changes)
            if value != current and not _respects_order(trial):
                continue
            connects, amount, flips = base_connects, base_value, 0
            for j, reading in movable:
                j.proxy.target = trial
                skip = any(_evaluate(RULES[i], j.ctx).status == Status.FAIL for i in reading)
                j.proxy.target = base
                if skip != j.skip:
                    flips += 1
                    sign = 1 if skip else -1
                    connects += sign * j.row.connects_lost
                    amount += sign * j.row.contract_value
            curve.append(Point(value, net(connects, amount)))
            flips_at[value] = flips
        if not any(flips_at.values()):
            no_effect.append(str(f.metadata["label"]))
            continue
        # Best net; between equals, the value nearest the user's own (their own when it ties).
        best = max(curve, key=lambda p: (p.net_usd, -abs(p.value - current)))
        items.append(
            Suggestion(
                name=f.name,
                label=str(f.metadata["label"]),
                current=current,
                suggested=best.value,
                net_current=net_current,
                net_suggested=best.net_usd,
                changed=flips_at[best.value],
                curve=tuple(curve),
            )
        )
    return Suggestions(
        items=tuple(items),
        no_effect=tuple(no_effect),
        sent=len(judged),
        hires=sum(1 for j in judged if j.row.hired),
        net_current=net_current,
        base=base,
    )
