"""client_ratings_given: the stars this client gave its freelancers (a harsh-client signal)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from vetting.facts import JobFacts
from vetting.rules import (
    DEFAULT_DECISIVE,
    ClientRatingsGiven,
    RuleContext,
    RuleResult,
    Status,
    Thresholds,
)

NOW = datetime(2026, 1, 15, tzinfo=UTC)
RULE = ClientRatingsGiven()


def judge(given: tuple[Decimal, ...] | None) -> RuleResult:
    return RULE.evaluate(
        RuleContext(facts=JobFacts(client_ratings_given=given), thresholds=Thresholds(), now=NOW)
    )


def test_a_harsh_rater_fails() -> None:
    result = judge((Decimal("3.4"),))
    assert result.status == Status.FAIL
    assert result.reason == "Gave 1 freelancer 3.4 (average 3.40): a harsh rater; your bar is 4.0"


def test_a_middling_rater_warns() -> None:
    result = judge((Decimal("5.0"), Decimal("3.9")))
    assert result.status == Status.WARN
    assert result.reason == (
        "Gave 2 freelancers 5.0, 3.9 (average 4.45); below your comfort level of 4.5"
    )


def test_a_kind_rater_passes() -> None:
    assert judge((Decimal("5.0"), Decimal("4.8"))).status == Status.PASS


def test_no_history_or_no_ratings_is_unknown_and_costs_nothing() -> None:
    assert judge(None).status == Status.UNKNOWN
    assert judge(()).reason == "The client rated none of its recent freelancers"
    assert RULE.cost(Status.UNKNOWN) == 0


def test_it_is_not_decisive_by_default() -> None:
    assert "client_ratings_given" not in DEFAULT_DECISIVE
