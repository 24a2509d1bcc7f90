"""What other thresholds would have done: re-score the stored facts, tally what became of them.

Pure Python over rows a selector loaded (dashboards.history_selectors): no ORM, no I/O. The rules
are pure functions of a job's facts, the thresholds and the moment of the vetting, so a user's
whole history is re-judged in one pass of the rules, with no query per application.

A rule's row counts the applications whose vetting that rule *fails* under the thresholds; the
combined row those whose verdict would be *skip*. Of those: connects lost on them (what obeying
would have saved), hires and contract value won on them (what obeying would have missed), the
ones still pending, and the net: dollars saved less contracts missed.

Trends are left out on purpose: the one rule that reads the previous vetting (interviews growing)
can only pass or warn, so it never changes a fail or a skip, and loading every job's previous
vetting would double the data read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ledger.money import connects_to_usd, round_usd, usd_str
from vetting.facts import JobFacts
from vetting.rules import RULES, DescriptionSignals, Thresholds
from vetting.scoring import Verdict, score_job

HIRED = "hired"

# The figures of a row, in the order the command prints and the page shows them.
FIGURES: tuple[str, ...] = (
    "applications",
    "connects_lost",
    "usd_lost",
    "hires_missed",
    "contract_value_missed",
    "pending",
    "net_usd",
)


@dataclass(frozen=True)
class HistoryRow:
    """One application sent on a vetting, with what became of it."""

    application_id: int
    submitted_on: date
    facts: JobFacts  # without the description when ``signals`` hold its reading
    vetted_at: datetime
    outcome: str  # "" while pending
    contract_value: Decimal  # of a hire; 0 otherwise
    connects_lost: int  # paid and not refunded, on a losing outcome (ledger.policy)
    # The description's signals stored with the vetting; None reads them from facts again.
    signals: DescriptionSignals | None = None

    @property
    def hired(self) -> bool:
        return self.outcome == HIRED

    @property
    def pending(self) -> bool:
        return not self.outcome


@dataclass
class Tally:
    """The applications one row of the what-if would have skipped, and their figures."""

    price: Decimal
    applications: int = 0
    connects_lost: int = 0
    hires_missed: int = 0
    contract_value_missed: Decimal = Decimal("0")
    pending: int = 0
    ids: list[int] = field(default_factory=list)

    def add(self, row: HistoryRow) -> None:
        self.applications += 1
        self.connects_lost += row.connects_lost
        if row.hired:
            self.hires_missed += 1
            self.contract_value_missed += row.contract_value
        if row.pending:
            self.pending += 1
        self.ids.append(row.application_id)

    @property
    def usd_lost(self) -> Decimal:
        return connects_to_usd(self.connects_lost, self.price)

    @property
    def net_usd(self) -> Decimal:
        """Dollars skipping would have kept, less the contracts it would have cost."""
        return self.usd_lost - round_usd(self.contract_value_missed)

    def to_json(self) -> dict[str, Any]:
        return {
            "applications": self.applications,
            "connects_lost": self.connects_lost,
            "usd_lost": usd_str(self.usd_lost),
            "hires_missed": self.hires_missed,
            "contract_value_missed": usd_str(self.contract_value_missed),
            "pending": self.pending,
            "net_usd": usd_str(self.net_usd),
        }


@dataclass
class WhatIf:
    thresholds: Thresholds
    date_from: date
    date_to: date
    price: Decimal
    rules: dict[str, Tally]
    combined: Tally
    vetted: int  # applications of the period that had a vetting to re-score
    total: int  # every application of the period

    @property
    def not_vetted(self) -> int:
        return self.total - self.vetted

    def tally(self, code: str) -> Tally | None:
        """The combined row for ``"combined"``, a rule's row for its code."""
        return self.combined if code == "combined" else self.rules.get(code)

    def to_json(self) -> dict[str, Any]:
        """The exact shape `manage.py whatif --json` prints and the API returns."""
        return {
            "period": {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()},
            "thresholds": self.thresholds.to_dict(),
            "rules": {code: tally.to_json() for code, tally in self.rules.items()},
            "combined": self.combined.to_json(),
        }


def what_if(
    rows: Iterable[HistoryRow],
    thresholds: Thresholds,
    *,
    price: Decimal,
    date_from: date,
    date_to: date,
    total: int,
) -> WhatIf:
    """Judge every row again under ``thresholds`` and tally the fails and the skips."""
    tallies = {rule.code: Tally(price=price) for rule in RULES}
    combined = Tally(price=price)
    vetted = 0
    for row in rows:
        vetted += 1
        verdict = score_job(row.facts, thresholds, now=row.vetted_at, signals=row.signals)
        for result in verdict.failed:
            tallies[result.code].add(row)
        if verdict.verdict == Verdict.SKIP:
            combined.add(row)
    return WhatIf(
        thresholds=thresholds,
        date_from=date_from,
        date_to=date_to,
        price=price,
        rules=tallies,
        combined=combined,
        vetted=vetted,
        total=total,
    )


def rows_with_ids(rows: Sequence[HistoryRow], ids: Iterable[int]) -> list[HistoryRow]:
    wanted = set(ids)
    return [row for row in rows if row.application_id in wanted]
