"""The facts Bidbook reads off a job page: the contract between parsing, rules and storage."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

BudgetType = Literal["fixed", "hourly"]
ExperienceLevel = Literal["entry", "intermediate", "expert"]


@dataclass(frozen=True)
class JobFacts:
    """Everything a job page says about a job and its client.

    A fact that is not on the page is ``None``: rules turn missing facts into ``unknown``,
    never into a guess.
    """

    title: str | None = None
    description: str | None = None
    posted_at: datetime | None = None
    budget_type: BudgetType | None = None
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    experience_level: ExperienceLevel | None = None
    connects_required: int | None = None
    proposals_min: int | None = None
    proposals_max: int | None = None
    last_viewed_at: datetime | None = None
    hires: int | None = None
    interviewing: int | None = None
    invites_sent: int | None = None
    unanswered_invites: int | None = None
    payment_verified: bool | None = None
    client_rating: Decimal | None = None
    client_reviews: int | None = None
    client_country: str | None = None
    client_jobs_posted: int | None = None
    client_hire_rate: int | None = None
    client_open_jobs: int | None = None
    client_total_spent: Decimal | None = None
    client_hires: int | None = None
    client_active_hires: int | None = None
    client_avg_hourly_rate: Decimal | None = None
    client_member_since: date | None = None
    job_url: str | None = None

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    def known_count(self) -> int:
        """How many facts the page gave; a paste with almost none is not a job page."""
        return sum(1 for name in self.field_names() if getattr(self, name) is not None)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: dates in ISO 8601, decimals as numbers (CLI output, stored vettings)."""
        out: dict[str, Any] = {}
        for name in self.field_names():
            value = getattr(self, name)
            if isinstance(value, datetime | date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            out[name] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobFacts:
        """Inverse of :meth:`to_json`; unknown keys are ignored so old vettings still load."""
        # One table of readers, not dataclasses.fields() per call: the what-if loads thousands.
        kwargs: dict[str, Any] = {}
        for name, read in _READERS:
            value = data.get(name)
            kwargs[name] = value if value is None or read is None else read(value)
        return cls(**kwargs)


_DECIMAL_FIELDS = frozenset(
    {
        "budget_min",
        "budget_max",
        "client_rating",
        "client_total_spent",
        "client_avg_hourly_rate",
    }
)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


_READERS: tuple[tuple[str, Callable[[Any], Any] | None], ...] = tuple(
    (
        name,
        datetime.fromisoformat
        if name in ("posted_at", "last_viewed_at")
        else date.fromisoformat
        if name == "client_member_since"
        else _decimal
        if name in _DECIMAL_FIELDS
        else None,
    )
    for name in JobFacts.field_names()
)
