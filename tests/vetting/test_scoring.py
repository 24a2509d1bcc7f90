"""score_job: every rule runs, the verdict follows the statuses, the score orders jobs.

No database: facts are plain JobFacts dataclasses, the clock is fixed.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.vetting.test_rules import GOOD_DESCRIPTION
from vetting.facts import JobFacts
from vetting.rules import (
    RULES,
    RULES_BY_CODE,
    RULESET_VERSION,
    Rule,
    RuleContext,
    RuleResult,
    Status,
    Thresholds,
)
from vetting.scoring import BROKEN_RULE_REASON, Assessment, Verdict, score_job

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def ago(days: float = 0, hours: float = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


# The article's job worth applying to: posted 30 days ago, but the client looked yesterday and
# is interviewing; a verified, well-rated client who hires; a clear description.
GOOD = JobFacts(
    title="Django booking dashboard",
    description=GOOD_DESCRIPTION,
    posted_at=ago(30),
    budget_type="fixed",
    budget_max=Decimal(2000),
    connects_required=16,
    proposals_min=10,
    proposals_max=15,
    last_viewed_at=ago(1),
    interviewing=3,
    invites_sent=4,
    unanswered_invites=1,
    payment_verified=True,
    client_rating=Decimal("4.90"),
    client_reviews=18,
    client_country="United States",
    client_jobs_posted=19,
    client_hire_rate=80,
    client_open_jobs=1,
    client_total_spent=Decimal(17190),
    client_hires=15,
    client_active_hires=1,
    client_avg_hourly_rate=Decimal(35),
    client_member_since=date(2019, 3, 1),
)


def codes(results: list[RuleResult]) -> list[str]:
    return [result.code for result in results]


class TestVerdict:
    def test_it_says_apply_where_the_client_is_still_interviewing_and_looked_yesterday(
        self,
    ) -> None:
        verdict = score_job(GOOD, now=NOW)
        assert verdict.verdict == Verdict.APPLY
        assert verdict.score == 100
        assert verdict.failed == verdict.warned == verdict.unknown == []

    def test_it_skips_the_articles_client_who_hired_nobody_from_ten_jobs(self) -> None:
        facts = dataclasses.replace(GOOD, client_jobs_posted=10, client_hire_rate=0, client_hires=0)
        verdict = score_job(facts, now=NOW)
        assert verdict.verdict == Verdict.SKIP
        assert codes(verdict.failed) == ["hire_rate"]
        assert verdict.failed[0].reason == (
            "Hire rate 0%: 0 hires from 10 jobs posted; your bar is 50%"
        )

    def test_it_skips_the_articles_idle_job(self) -> None:
        facts = dataclasses.replace(GOOD, last_viewed_at=ago(22), interviewing=0)
        verdict = score_job(facts, now=NOW)
        assert verdict.verdict == Verdict.SKIP
        assert codes(verdict.failed) == ["idle_job"]
        assert codes(verdict.warned) == ["interview_activity", "ghost_job"]

    def test_it_skips_a_job_where_the_client_already_hired(self) -> None:
        verdict = score_job(dataclasses.replace(GOOD, hires=1), now=NOW)
        assert verdict.verdict == Verdict.SKIP
        assert codes(verdict.failed) == ["already_hired"]

    def test_a_non_decisive_fail_means_caution(self) -> None:
        verdict = score_job(
            dataclasses.replace(GOOD, proposals_min=50, proposals_max=None), now=NOW
        )
        assert verdict.verdict == Verdict.CAUTION
        assert codes(verdict.failed) == ["competition"]

    def test_a_warning_alone_means_caution(self) -> None:
        verdict = score_job(dataclasses.replace(GOOD, proposals_min=20, proposals_max=50), now=NOW)
        assert verdict.verdict == Verdict.CAUTION
        assert codes(verdict.warned) == ["competition"]

    def test_the_user_chooses_which_rules_are_decisive(self) -> None:
        crowded = dataclasses.replace(GOOD, proposals_min=50, proposals_max=None)
        strict = Thresholds(decisive=frozenset({"competition"}))
        assert score_job(crowded, strict, now=NOW).verdict == Verdict.SKIP

        never_hires = dataclasses.replace(GOOD, client_hire_rate=0)
        lenient = Thresholds(decisive=frozenset())
        assert score_job(never_hires, lenient, now=NOW).verdict == Verdict.CAUTION

    def test_a_paste_with_too_little_to_judge_is_caution_not_apply(self) -> None:
        # A feed tile: description, budget and client money, no activity block.
        tile = JobFacts(
            description=GOOD_DESCRIPTION,
            budget_type="fixed",
            budget_max=Decimal(2000),
            connects_required=16,
            proposals_min=5,
            proposals_max=10,
            payment_verified=True,
            client_total_spent=Decimal(900_000),
            client_rating=Decimal("4.95"),
            client_reviews=120,
        )
        verdict = score_job(tile, now=NOW)
        assert verdict.failed == verdict.warned == []
        assert len(verdict.unknown) == 6
        assert verdict.verdict == Verdict.CAUTION

    def test_a_few_unknowns_still_allow_apply(self) -> None:
        facts = dataclasses.replace(GOOD, client_member_since=None)
        verdict = score_job(facts, now=NOW)
        assert verdict.verdict == Verdict.APPLY
        assert codes(verdict.unknown) == ["client_age"]
        assert verdict.score == 98

    def test_the_previous_paste_shows_interviews_growing(self) -> None:
        facts = dataclasses.replace(GOOD, last_viewed_at=ago(5), interviewing=4)
        verdict = score_job(facts, now=NOW, previous=dataclasses.replace(GOOD, interviewing=2))
        result = verdict.result("interview_activity")
        assert result == RuleResult(
            "interview_activity",
            Status.PASS,
            "Interviews growing: from 2 to 4 since your last look",
        )

    def test_it_refuses_a_naive_clock(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            score_job(GOOD, now=NOW.replace(tzinfo=None))


class TestScore:
    def test_an_empty_paste_never_raises_and_is_all_unknown(self) -> None:
        verdict = score_job(JobFacts(), now=NOW)
        assert [r.status for r in verdict.results] == [Status.UNKNOWN] * len(RULES)
        assert BROKEN_RULE_REASON not in {r.reason for r in verdict.results}
        assert verdict.score == 100 - sum(rule.unknown_weight for rule in RULES) == 74
        assert verdict.verdict == Verdict.CAUTION

    def test_a_fail_costs_the_rules_weight(self) -> None:
        verdict = score_job(dataclasses.replace(GOOD, client_hire_rate=0), now=NOW)
        assert verdict.score == 100 - RULES_BY_CODE["hire_rate"].weight == 70

    def test_a_warning_costs_less_than_a_fail(self) -> None:
        warned = score_job(dataclasses.replace(GOOD, proposals_min=20, proposals_max=50), now=NOW)
        failed = score_job(dataclasses.replace(GOOD, proposals_min=50, proposals_max=None), now=NOW)
        assert warned.score == 100 - RULES_BY_CODE["competition"].warn_weight == 94
        assert failed.score == 100 - RULES_BY_CODE["competition"].weight == 85

    def test_the_worst_job_scores_zero_not_below(self) -> None:
        worst = JobFacts(
            description="WhatsApp me",
            posted_at=ago(40),
            budget_type="fixed",
            budget_max=Decimal(20),
            connects_required=20,
            proposals_min=50,
            last_viewed_at=ago(30),
            hires=1,
            interviewing=0,
            unanswered_invites=10,
            payment_verified=False,
            client_rating=Decimal("2.5"),
            client_reviews=4,
            client_jobs_posted=12,
            client_hire_rate=0,
            client_total_spent=Decimal(0),
            client_hires=0,
            client_member_since=date(2026, 1, 10),
        )
        verdict = score_job(worst, now=NOW)
        assert verdict.score == 0
        assert verdict.verdict == Verdict.SKIP
        assert len(verdict.failed) == 10

    def test_a_job_to_skip_scores_below_a_job_to_apply_to(self) -> None:
        skip = score_job(dataclasses.replace(GOOD, client_hire_rate=0), now=NOW)
        apply = score_job(GOOD, now=NOW)
        assert skip.score < apply.score


class TestVerdictRecord:
    def test_it_holds_one_result_per_rule_in_registry_order(self) -> None:
        verdict = score_job(GOOD, now=NOW)
        assert [r.code for r in verdict.results] == [rule.code for rule in RULES]

    def test_it_records_the_ruleset_version_and_the_thresholds_used(self) -> None:
        thresholds = Thresholds(hire_rate_min=70)
        verdict = score_job(GOOD, thresholds, now=NOW)
        assert verdict.ruleset_version == RULESET_VERSION
        assert verdict.thresholds is thresholds
        assert score_job(GOOD, now=NOW).thresholds == Thresholds()

    def test_it_finds_a_result_by_code(self) -> None:
        verdict = score_job(GOOD, now=NOW)
        assert verdict.result("payment_verified") == RuleResult(
            "payment_verified", Status.PASS, "Payment method verified"
        )
        assert verdict.result("no_such_rule") is None

    def test_it_is_immutable(self) -> None:
        verdict = score_job(GOOD, now=NOW)
        with pytest.raises(dataclasses.FrozenInstanceError):
            verdict.score = 1  # type: ignore[misc]


class Exploding(Rule):
    code = "exploding"
    title = "A buggy rule"
    help_text = "Raises, as a bug would."

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        raise ZeroDivisionError("bug")


class TestBrokenRule:
    def test_a_rule_that_raises_is_unknown_and_the_others_still_run(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR, logger="vetting.scoring"):
            verdict = score_job(GOOD, now=NOW, rules=(Exploding(), *RULES))
        assert verdict.results[0] == RuleResult(
            "exploding", Status.UNKNOWN, "could not be evaluated"
        )
        assert len(verdict.results) == len(RULES) + 1
        assert verdict.verdict == Verdict.APPLY
        assert verdict.score == 100 - Exploding.unknown_weight
        assert "Vetting rule exploding raised" in caplog.text


# Words that wake up the description scanners, mixed with noise.
_VOCAB = st.sampled_from(
    [
        "whatsapp",
        "me",
        "on",
        "contact",
        "email",
        "at",
        "@",
        "a@b.co",
        "off-",
        "platform",
        "outside",
        "free",
        "test",
        "unpaid",
        "trial",
        "several",
        "2",
        "developers",
        "team",
        "of",
        "more than one",
        "node.js",
        "c++",
        "\n- ",
        "\n1. ",
        "\n",
        "simple task",
        "details",
        "deadline",
    ]
)
_counts = st.none() | st.integers(min_value=0, max_value=10_000)
_money = st.none() | st.decimals(
    min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False
)
_moments = st.none() | st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.one_of(st.none(), st.just(UTC)),
)
_facts = st.builds(
    JobFacts,
    description=st.none()
    | st.text(max_size=300)
    | st.lists(_VOCAB | st.text(max_size=8), max_size=60).map(" ".join),
    posted_at=_moments,
    budget_type=st.sampled_from([None, "fixed", "hourly"]),
    budget_min=_money,
    budget_max=_money,
    connects_required=_counts,
    proposals_min=_counts,
    proposals_max=_counts,
    last_viewed_at=_moments,
    hires=_counts,
    interviewing=_counts,
    invites_sent=_counts,
    unanswered_invites=_counts,
    payment_verified=st.none() | st.booleans(),
    client_rating=st.none()
    | st.decimals(min_value=0, max_value=5, places=2, allow_nan=False, allow_infinity=False),
    client_reviews=_counts,
    client_jobs_posted=_counts,
    client_hire_rate=st.none() | st.integers(min_value=-5, max_value=150),
    client_total_spent=_money,
    client_hires=_counts,
    client_avg_hourly_rate=_money,
    client_member_since=st.none()
    | st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
)


class TestAnyPaste:
    @settings(max_examples=300, deadline=None)
    @given(facts=_facts, previous=st.none() | _facts)
    def test_no_rule_raises_and_the_score_stays_in_bounds(
        self, facts: JobFacts, previous: JobFacts | None
    ) -> None:
        verdict = score_job(facts, now=NOW, previous=previous)
        assert isinstance(verdict, Assessment)
        assert 0 <= verdict.score <= 100
        assert verdict.verdict in set(Verdict)
        assert [r.code for r in verdict.results] == [rule.code for rule in RULES]
        for result in verdict.results:
            assert result.reason and result.reason != BROKEN_RULE_REASON, result
