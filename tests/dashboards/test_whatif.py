"""The what-if on the hand-computed scenario (tests/dashboards/whatif_scenario.py)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from dashboards import history
from tests.dashboards import whatif_scenario
from vetting.rules import Thresholds
from vetting.scoring import score_job

pytestmark = pytest.mark.django_db

ZERO = {
    "applications": 0,
    "connects_lost": 0,
    "usd_lost": "0.00",
    "hires_missed": 0,
    "contract_value_missed": "0.00",
    "pending": 0,
    "net_usd": "0.00",
}
HIRE_RATE_AT_50 = {
    "applications": 3,
    "connects_lost": 16,
    "usd_lost": "2.40",
    "hires_missed": 1,
    "contract_value_missed": "500.00",
    "pending": 1,
    "net_usd": "-497.60",
}
HIRE_RATE_AT_40 = {
    "applications": 1,
    "connects_lost": 16,
    "usd_lost": "2.40",
    "hires_missed": 0,
    "contract_value_missed": "0.00",
    "pending": 0,
    "net_usd": "2.40",
}
CONNECTS_COST = {
    "applications": 1,
    "connects_lost": 18,
    "usd_lost": "2.70",
    "hires_missed": 0,
    "contract_value_missed": "0.00",
    "pending": 0,
    "net_usd": "2.70",
}


def _expected_rules(**rows: dict[str, object]) -> dict[str, dict[str, object]]:
    from vetting.rules import RULES

    return {rule.code: rows.get(rule.code, ZERO) for rule in RULES}


def test_the_clean_job_of_the_scenario_passes_every_rule() -> None:
    facts = whatif_scenario.clean_facts()
    verdict = score_job(facts, Thresholds(), now=timezone.now())
    assert [r.code for r in verdict.results if r.status != "pass"] == []


class TestWhatIf:
    def test_it_counts_each_rule_and_the_skips_at_the_users_thresholds(self, alice: User) -> None:
        whatif_scenario.build(alice)
        report = history.whatif_report(alice, Thresholds())
        data = report.to_json()
        assert data["period"] == {"from": "2026-01-10", "to": data["period"]["to"]}
        assert data["rules"] == _expected_rules(
            hire_rate=HIRE_RATE_AT_50, connects_cost=CONNECTS_COST
        )
        assert data["combined"] == HIRE_RATE_AT_50
        assert (report.vetted, report.total, report.not_vetted) == (6, 7, 1)

    def test_a_lower_hire_rate_bar_skips_only_the_lost_job(self, alice: User) -> None:
        whatif_scenario.build(alice)
        data = history.whatif_report(alice, Thresholds(hire_rate_min=40)).to_json()
        assert data["rules"]["hire_rate"] == HIRE_RATE_AT_40
        assert data["combined"] == HIRE_RATE_AT_40
        assert data["thresholds"]["hire_rate_min"] == 40

    def test_a_rule_made_decisive_joins_the_combined_row(self, alice: User) -> None:
        whatif_scenario.build(alice)
        thresholds = Thresholds(
            hire_rate_min=40, decisive=frozenset({"hire_rate", "connects_cost"})
        )
        data = history.whatif_report(alice, thresholds).to_json()
        assert data["combined"] == {
            "applications": 2,
            "connects_lost": 34,
            "usd_lost": "5.10",
            "hires_missed": 0,
            "contract_value_missed": "0.00",
            "pending": 0,
            "net_usd": "5.10",
        }

    def test_a_period_keeps_only_the_applications_sent_in_it(self, alice: User) -> None:
        whatif_scenario.build(alice)
        whatif_scenario.apply(
            alice,
            16,
            whatif_scenario.clean_facts(client_hire_rate=10),
            "declined",
            day=date(2026, 2, 3),
        )
        february = history.whatif_report(alice, Thresholds(), date(2026, 2, 1), date(2026, 2, 28))
        assert february.to_json()["combined"]["applications"] == 1
        assert february.to_json()["combined"]["connects_lost"] == 16
        assert february.to_json()["period"] == {"from": "2026-02-01", "to": "2026-02-28"}

    def test_another_users_history_is_not_counted(self, alice: User, bob: User) -> None:
        whatif_scenario.build(alice)
        data = history.whatif_report(bob, Thresholds()).to_json()
        assert data["combined"] == ZERO

    def test_the_query_count_does_not_grow_with_the_history(
        self, alice: User, django_assert_num_queries: object
    ) -> None:
        whatif_scenario.build(alice)
        with django_assert_num_queries(3):  # type: ignore[operator]
            history.whatif_report(alice, Thresholds())
        for _ in range(5):
            whatif_scenario.apply(
                alice, 10, whatif_scenario.clean_facts(client_hire_rate=5), "declined"
            )
        with django_assert_num_queries(3):  # type: ignore[operator]
            history.whatif_report(alice, Thresholds())


class TestWhatIfCommand:
    def _run(self, *args: str) -> str:
        out = StringIO()
        call_command("whatif", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_the_json_of_the_issue(self, alice: User) -> None:
        whatif_scenario.build(alice)
        data = json.loads(
            self._run(
                "--user",
                "alice",
                "--set",
                "hire_rate_min=40",
                "--from",
                "2026-01-01",
                "--to",
                "2026-01-31",
                "--json",
            )
        )
        assert list(data) == ["period", "thresholds", "rules", "combined"]
        assert data["period"] == {"from": "2026-01-01", "to": "2026-01-31"}
        assert data["thresholds"]["hire_rate_min"] == 40
        assert data["thresholds"]["idle_days"] == 14
        assert data["rules"] == _expected_rules(
            hire_rate=HIRE_RATE_AT_40, connects_cost=CONNECTS_COST
        )
        assert data["combined"] == HIRE_RATE_AT_40

    def test_decisive_takes_a_list_of_rules(self, alice: User) -> None:
        whatif_scenario.build(alice)
        data = json.loads(self._run("--user", "alice", "--set", "decisive=connects_cost", "--json"))
        assert data["thresholds"]["decisive"] == ["connects_cost"]
        assert data["combined"] == CONNECTS_COST

    def test_the_table_names_each_rule(self, alice: User) -> None:
        whatif_scenario.build(alice)
        out = self._run("--user", "alice")
        assert "6 of 7 applications had a vetting to re-score" in out
        assert "combined (skip)" in out and "-497.60" in out

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--set", "hire_rate_min=700"], "Minimum hire rate (%) (hire_rate_min): Ensure"),
            (["--set", "hire_rate=40"], "Unknown threshold 'hire_rate'"),
            (["--set", "hire_rate_min"], "--set takes NAME=VALUE"),
            (["--set", "idle_days=soon"], "Idle job (days since last view) (idle_days)"),
            (["--from", "2026-13-01"], "From (from): Enter a valid date."),
            (["--from", "2026-02-01", "--to", "2026-01-01"], "Must be on or after"),
            (["--set", "decisive=nonsense"], "Rules that mean skip (decisive)"),
        ],
    )
    def test_bad_input_names_the_field(self, alice: User, args: list[str], message: str) -> None:
        with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
            self._run("--user", "alice", *args)

    def test_an_unknown_user_is_a_clear_error(self, db: None) -> None:
        with pytest.raises(CommandError, match="No user named 'nobody'"):
            self._run("--user", "nobody")
