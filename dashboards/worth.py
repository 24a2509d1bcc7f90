"""What a proposal is worth: the chance of a hire times what a hire brings, against its cost.

Pure arithmetic; dashboards.history reads the user's history it needs in three queries.

The chance comes from the user's own applications with an outcome, grouped by the verdict and
score band of the vetting they were sent on. A band with few applications says little, so its
rate is shrunk toward the user's overall rate: a Beta prior centred on the overall rate and worth
``PRIOR_STRENGTH`` applications, updated with the band's hires and misses. Its posterior mean is
``(band hires + PRIOR_STRENGTH x overall rate) / (band applications + PRIOR_STRENGTH)``: a thin
band stays near the overall rate, a band of hundreds speaks for itself.

What a hire brings is the median contract value of the user's hires (a median, because one big
contract would lift a mean for every job), or the job's fixed budget when that is smaller.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from ledger.money import connects_to_usd, round_usd

# The prior counts as this many applications at the user's overall rate.
PRIOR_STRENGTH = 10
# Below this history the estimate is hidden, and the page says why.
MIN_DECIDED = 20
MIN_HIRES = 2


def shrunk_rate(hires: int, count: int, overall_hires: int, overall_count: int) -> Decimal:
    """The posterior mean of a band's hire rate under the Beta prior described above."""
    overall = Decimal(overall_hires) / Decimal(overall_count)
    return (Decimal(hires) + PRIOR_STRENGTH * overall) / Decimal(count + PRIOR_STRENGTH)


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class ProposalWorth:
    """The estimate for one vetting, or the reason there is none (``reason`` set)."""

    verdict: str
    band: str
    reason: str | None = None
    band_hires: int = 0
    band_count: int = 0
    overall_hires: int = 0
    overall_count: int = 0
    chance: Decimal = Decimal("0")
    typical_value: Decimal = Decimal("0")
    value_from_budget: bool = False
    worth_usd: Decimal = Decimal("0")
    connects: int | None = None
    cost_usd: Decimal | None = None

    @property
    def shown(self) -> bool:
        return self.reason is None

    @property
    def percent(self) -> str:
        return f"{self.chance * 100:.1f}%"

    @property
    def sentence(self) -> str:
        """ "worth about $12.40 for 14 connects ($2.10)"; empty when hidden."""
        if not self.shown:
            return ""
        worth = f"worth about ${self.worth_usd:,.2f}"
        if self.connects is None or self.cost_usd is None:
            return f"{worth}; the connects it costs are not on the page"
        plural = "" if self.connects == 1 else "s"
        return f"{worth} for {self.connects} connect{plural} (${self.cost_usd:,.2f})"

    @property
    def net_usd(self) -> Decimal | None:
        if self.cost_usd is None:
            return None
        return self.worth_usd - self.cost_usd

    def to_json(self) -> dict[str, object]:
        """What the API and the extension's chip read."""
        return {
            "shown": self.shown,
            "reason": self.reason,
            "sentence": self.sentence,
            "verdict": self.verdict,
            "score_band": self.band,
            "chance": f"{self.chance:.4f}",
            "band_applications": self.band_count,
            "band_hires": self.band_hires,
            "applications": self.overall_count,
            "hires": self.overall_hires,
            "typical_value_usd": f"{round_usd(self.typical_value):.2f}",
            "value_from_budget": self.value_from_budget,
            "worth_usd": f"{self.worth_usd:.2f}",
            "connects": self.connects,
            "cost_usd": None if self.cost_usd is None else f"{self.cost_usd:.2f}",
        }


def estimate(
    *,
    verdict: str,
    band: str,
    band_hires: int,
    band_count: int,
    overall_hires: int,
    overall_count: int,
    hire_values: list[Decimal],
    budget: Decimal | None,
    connects: int | None,
    price: Decimal,
) -> ProposalWorth:
    """The worth of a proposal on a job of this verdict and band, from the user's history."""
    base = ProposalWorth(
        verdict=verdict,
        band=band,
        band_hires=band_hires,
        band_count=band_count,
        overall_hires=overall_hires,
        overall_count=overall_count,
        connects=connects,
        cost_usd=None if connects is None else connects_to_usd(connects, price),
    )
    if overall_count < MIN_DECIDED or len(hire_values) < MIN_HIRES:
        return dataclasses.replace(base, reason=hidden_reason(overall_count, len(hire_values)))
    chance = shrunk_rate(band_hires, band_count, overall_hires, overall_count)
    typical = median(hire_values)
    from_budget = budget is not None and 0 < budget < typical
    value = budget if from_budget and budget is not None else typical
    return dataclasses.replace(
        base,
        chance=chance,
        typical_value=value,
        value_from_budget=from_budget,
        worth_usd=round_usd(chance * value),
    )


def hidden_reason(decided: int, hires_with_value: int) -> str:
    return (
        f"Not enough history to estimate yet: Bidbook needs {MIN_DECIDED} applications with an "
        f"outcome and {MIN_HIRES} hires with a contract value; you have {decided} and "
        f"{hires_with_value}."
    )


def method_text() -> list[str]:
    """How the estimate is computed, in the words the Settings page shows (from the constants)."""
    return [
        "Each vetting shows what a proposal is worth: the chance of a hire times what a hire "
        "brings you, against what the connects cost.",
        "The chance comes from your own applications with an outcome, grouped by the verdict and "
        "score band (0-39, 40-69, 70-100) of the vetting they were sent on. A group with few "
        f"applications is pulled toward your overall hire rate, as if it held {PRIOR_STRENGTH} "
        "more applications at that rate (a Beta-binomial estimate): (hires in the group + "
        f"{PRIOR_STRENGTH} x your overall rate) / (applications in the group + {PRIOR_STRENGTH}).",
        "What a hire brings is the median contract value of your hires, or the job's fixed "
        "budget when that is smaller. The cost is the job's connects at your price per connect.",
        f"It stays hidden until you have {MIN_DECIDED} applications with an outcome and "
        f"{MIN_HIRES} hires with a contract value.",
    ]
