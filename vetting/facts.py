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
HoursPerWeek = Literal["less_than_30", "more_than_30", "to_be_determined"]

# Where a fact was read (JobFacts.sources): the visible text, Upwork's own state embedded in a
# saved page, Upwork's job JSON (the API / the extension), or the job link's id (a timestamp).
SOURCE_TEXT = "text"
SOURCE_EMBEDDED = "embedded"
SOURCE_JSON = "json"
SOURCE_LINK = "link"
EXACT_SOURCES = frozenset({SOURCE_EMBEDDED, SOURCE_JSON, SOURCE_LINK})
# Facts the visible page only rounds ("2 weeks ago", "5 to 10", "$1.9K"): read from the text,
# they are Upwork's rounding; read from its data, they are exact.
ROUNDED_ON_PAGE = frozenset(
    {"posted_at", "last_viewed_at", "proposals_min", "proposals_max", "client_total_spent"}
)


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
    # What else the page shows. The user's own balance ("Available Connects: 31"), never the
    # job's cost; the bid range the page shows to members; the stars this client gave
    # freelancers in its recent history, newest first.
    hours_per_week: HoursPerWeek | None = None
    screening_questions: int | None = None
    bid_high: Decimal | None = None
    bid_avg: Decimal | None = None
    bid_low: Decimal | None = None
    available_connects: int | None = None
    client_ratings_given: tuple[Decimal, ...] | None = None
    # Fact name -> where it was read (SOURCE_*); not a fact itself, and not compared.
    sources: dict[str, str] = dataclasses.field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, values: dict[str, Any], sources: dict[str, str]) -> JobFacts:
        """``JobFacts(**values, sources=sources)``, for the parser's every paste.

        The frozen dataclass's ``__init__`` sets each of its 36 fields through
        ``object.__setattr__``; this fills the instance's ``__dict__`` in one update, in the
        same field order. A name in ``values`` that is no fact is left out.
        """
        if not values.keys() <= _FIELD_SET:
            values = {name: value for name, value in values.items() if name in _FIELD_SET}
        facts = object.__new__(cls)
        state = dict(_NO_FACTS)
        state.update(values)
        state["sources"] = sources
        facts.__dict__.update(state)
        return facts

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls) if f.name != "sources")

    @classmethod
    def editable_names(cls) -> tuple[str, ...]:
        """The facts the correction form shows: every one, so any misreading can be fixed."""
        return cls.field_names()

    def is_exact(self, name: str) -> bool:
        return self.sources.get(name) in EXACT_SOURCES

    def is_rounded(self, name: str) -> bool:
        """Read from the visible text where Upwork rounds it ("2 weeks ago", "$1.9K")."""
        return (
            name in ROUNDED_ON_PAGE
            and getattr(self, name) is not None
            and self.sources.get(name) == SOURCE_TEXT
        )

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
                value = _number(value)
            elif isinstance(value, tuple):
                value = [_number(item) for item in value]
            out[name] = value
        out["sources"] = dict(self.sources)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobFacts:
        """Inverse of :meth:`to_json`; unknown keys are ignored so old vettings still load."""
        # One table of readers, not dataclasses.fields() per call: the what-if loads thousands,
        # so the instance is filled by ``of``, not through the frozen __init__.
        values = {name: data[name] for name in _FIELD_SET.intersection(data)}
        for name, read in _TYPED_READERS:
            value = values.get(name)
            if value is not None:
                values[name] = read(value)
        sources = data.get("sources")
        return cls.of(
            values,
            {str(k): str(v) for k, v in sources.items()} if isinstance(sources, dict) else {},
        )


_FIELD_SET = frozenset(JobFacts.field_names())
_NO_FACTS: dict[str, Any] = dict.fromkeys(JobFacts.field_names())


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


_DECIMAL_FIELDS = frozenset(
    {
        "budget_min",
        "budget_max",
        "client_rating",
        "client_total_spent",
        "client_avg_hourly_rate",
        "bid_high",
        "bid_avg",
        "bid_low",
    }
)


def _decimal(value: Any) -> Decimal:
    # An int is exact as it is (the same Decimal as through str); a float goes through its
    # shortest repr, as to_json wrote it.
    return Decimal(value) if type(value) is int else Decimal(str(value))


def _decimals(value: Any) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(item)) for item in value)


_READERS: tuple[tuple[str, Callable[[Any], Any] | None], ...] = tuple(
    (
        name,
        datetime.fromisoformat
        if name in ("posted_at", "last_viewed_at")
        else date.fromisoformat
        if name == "client_member_since"
        else _decimal
        if name in _DECIMAL_FIELDS
        else _decimals
        if name == "client_ratings_given"
        else None,
    )
    for name in JobFacts.field_names()
)
# Only these facts are read into another type; the others are stored as they are read.
_TYPED_READERS: tuple[tuple[str, Callable[[Any], Any]], ...] = tuple(
    (name, read) for name, read in _READERS if read is not None
)
