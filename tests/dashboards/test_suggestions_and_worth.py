"""Suggested thresholds and what a proposal is worth, on hand-computed histories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import User
from dashboards import history
from dashboards.services import thresholds_apply_suggested
from dashboards.suggestions import candidates
from dashboards.worth import shrunk_rate
from tests.dashboards import whatif_scenario
from tests.factories import ApplicationFactory
from vetting.models import ThresholdChange, Vetting
from vetting.rules import Thresholds
from vetting.selectors import thresholds_for
from vetting.services import vetting_settings_save

pytestmark = pytest.mark.django_db


def _field(name: str):  # type: ignore[no-untyped-def]
    return next(f for f in Thresholds.numeric_fields() if f.name == name)


class TestCandidates:
    def test_the_hire_rate_bar_is_tried_every_ten_points(self) -> None:
        assert candidates(_field("hire_rate_min"), 50) == [
            0,
            10,
            20,
            30,
            40,
            50,
            60,
            70,
            80,
            90,
            100,
        ]

    def test_a_rating_is_tried_every_half_star_and_the_users_own_value_too(self) -> None:
        assert candidates(_field("rating_fail"), 4.2) == [
            0.0,
            0.5,
            1.0,
            1.5,
            2.0,
            2.5,
            3.0,
            3.5,
            4.0,
            4.2,
            4.5,
            5.0,
        ]


class TestSuggestions:
    def test_the_best_hire_rate_bar_is_40_and_it_changes_two_applications(
        self, alice: User
    ) -> None:
        whatif_scenario.build(alice)
        data = history.threshold_suggestions(alice)
        item = next(s for s in data.items if s.name == "hire_rate_min")
        assert (item.current, item.suggested, item.changed) == (50, 40, 2)
        assert item.net_current == Decimal("-497.60")
        assert item.net_suggested == Decimal("2.40")
        assert item.gain_usd == Decimal("500.00")
        assert [(p.value, p.net_usd) for p in item.curve] == [
            (0, Decimal("0.00")),
            (10, Decimal("0.00")),
            (20, Decimal("0.00")),
            (30, Decimal("0.00")),
            (40, Decimal("2.40")),
            *[(v, Decimal("-497.60")) for v in (50, 60, 70, 80)],
            # Above the clean jobs' 80%, every vetted job is a skip: 46 connects ($6.90) saved,
            # $1,500 of contracts missed.
            (90, Decimal("-1493.10")),
            (100, Decimal("-1493.10")),
        ]
        assert data.changes == {"hire_rate_min": 40}

    def test_too_short_a_history_says_so_plainly(self, alice: User) -> None:
        whatif_scenario.build(alice)
        data = history.threshold_suggestions(alice)
        assert (data.sent, data.hires) == (6, 2)
        assert data.warning == (
            "Only 6 applications sent on a vetting and 2 hires behind these suggestions: too few "
            "to trust (Bidbook wants at least 30 and 3). Treat them as a hint."
        )

    def test_thirty_applications_and_three_hires_need_no_warning(self, alice: User) -> None:
        whatif_scenario.build(alice)
        for _ in range(23):
            whatif_scenario.apply(alice, 10, whatif_scenario.clean_facts(), "declined")
        whatif_scenario.apply(alice, 10, whatif_scenario.clean_facts(), "hired", Decimal("50"))
        data = history.threshold_suggestions(alice)
        assert (data.sent, data.hires, data.warning) == (30, 3, None)

    def test_a_threshold_no_decisive_rule_reads_has_no_effect(self, alice: User) -> None:
        whatif_scenario.build(alice)
        data = history.threshold_suggestions(alice)
        assert "Costly proposal (connects)" in data.no_effect
        assert "connects_cost_high" not in {s.name for s in data.items}

    def test_use_these_applies_them_and_records_the_change(self, alice: User) -> None:
        apps = whatif_scenario.build(alice)
        vetting_settings_save(user=alice, thresholds=Thresholds(idle_days=20))
        ThresholdChange.objects.all().delete()
        applied = thresholds_apply_suggested(user=alice)
        assert applied is not None
        assert applied.changed_labels == ["Minimum hire rate (%)"]
        assert thresholds_for(alice) == Thresholds(hire_rate_min=40, idle_days=20)
        change = ThresholdChange.objects.get(user=alice)
        assert change.source == "suggested"
        assert (change.before["hire_rate_min"], change.after["hire_rate_min"]) == (50, 40)
        assert change.changed_names == ["hire_rate_min"]
        # The vettings the applications were sent on keep the thresholds they were judged with.
        vetting = Vetting.objects.get(pk=apps["A1"].vetting_id)
        assert vetting.thresholds == {}

    def test_use_these_twice_changes_nothing_the_second_time(self, alice: User) -> None:
        whatif_scenario.build(alice)
        assert thresholds_apply_suggested(user=alice) is not None
        assert thresholds_apply_suggested(user=alice) is None
        assert ThresholdChange.objects.filter(user=alice).count() == 1

    def test_a_save_on_the_settings_page_is_recorded_too(self, alice: User) -> None:
        vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=60))
        vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=60))
        change = ThresholdChange.objects.get(user=alice)
        assert (change.source, change.changed_names) == ("settings", ["hire_rate_min"])


def _history(owner: User, rows: list[tuple[str, int, str, Decimal | None]]) -> None:
    """(verdict, score, outcome, contract value) per application, each on its own vetting."""
    for verdict, score, outcome, value in rows:
        vetting = whatif_scenario.vetting_of(owner, whatif_scenario.clean_facts(), verdict, score)
        ApplicationFactory(owner=owner, vetting=vetting, outcome=outcome, contract_value_usd=value)


# 40 applications with an outcome, 8 hires (overall 20%): 5 on "apply" vettings scoring 70-100
# with 3 hires; the other 35 on "caution" 40-69 with 5 hires. Hires' values 100..800: median 450.
RICH = (
    [("apply", 85, "hired", Decimal(v)) for v in (100, 200, 300)]
    + [("apply", 90, "declined", None)] * 2
    + [("caution", 50, "hired", Decimal(v)) for v in (400, 500, 600, 700, 800)]
    + [("caution", 55, "hired_someone_else", None)] * 30
)


class TestProposalWorth:
    def _vetting(self, owner: User, verdict: str, score: int, **facts: object) -> Vetting:
        return whatif_scenario.vetting_of(
            owner, whatif_scenario.clean_facts(**facts), verdict, score
        )

    def test_a_band_is_shrunk_toward_the_overall_rate(self) -> None:
        # (3 + 10 x 8/40) / (5 + 10) = 5/15
        assert shrunk_rate(3, 5, 8, 40) == Decimal(5) / Decimal(15)

    def test_it_is_chance_times_the_median_hire_against_the_connects(self, alice: User) -> None:
        _history(alice, RICH)
        vetting = self._vetting(alice, "apply", 80, budget_type="hourly")
        worth = history.proposal_worth(alice, vetting)
        assert (worth.band_hires, worth.band_count) == (3, 5)
        assert (worth.overall_hires, worth.overall_count) == (8, 40)
        assert worth.typical_value == Decimal("450")
        assert worth.worth_usd == Decimal("150.00")
        assert worth.sentence == "worth about $150.00 for 14 connects ($2.10)"
        assert worth.percent == "33.3%"

    def test_a_fixed_budget_below_the_median_caps_the_value(self, alice: User) -> None:
        _history(alice, RICH)
        vetting = self._vetting(
            alice, "apply", 80, budget_min=Decimal("300"), budget_max=Decimal("300")
        )
        worth = history.proposal_worth(alice, vetting)
        assert (worth.typical_value, worth.value_from_budget) == (Decimal("300"), True)
        assert worth.sentence == "worth about $100.00 for 14 connects ($2.10)"

    def test_an_empty_band_takes_the_overall_rate(self, alice: User) -> None:
        _history(alice, RICH)
        vetting = self._vetting(alice, "skip", 20, connects_required=20, budget_type="hourly")
        worth = history.proposal_worth(alice, vetting)
        assert (worth.band_count, worth.chance) == (0, Decimal("0.2"))
        assert worth.sentence == "worth about $90.00 for 20 connects ($3.00)"

    def test_it_is_hidden_below_the_minimum_history_with_the_reason(self, alice: User) -> None:
        whatif_scenario.build(alice)
        vetting = self._vetting(alice, "apply", 80)
        worth = history.proposal_worth(alice, vetting)
        assert not worth.shown and worth.sentence == ""
        assert worth.reason == (
            "Not enough history to estimate yet: Bidbook needs 20 applications with an outcome "
            "and 2 hires with a contract value; you have 6 and 2."
        )

    def test_it_reads_only_the_owners_history(self, alice: User, bob: User) -> None:
        _history(alice, RICH)
        worth = history.proposal_worth(bob, self._vetting(bob, "apply", 80))
        assert worth.reason is not None and "you have 0 and 0" in worth.reason

    def test_its_json_is_what_the_chip_reads(self, alice: User) -> None:
        _history(alice, RICH)
        data = history.proposal_worth(
            alice, self._vetting(alice, "apply", 80, budget_type="hourly")
        ).to_json()
        assert data["sentence"] == "worth about $150.00 for 14 connects ($2.10)"
        assert (data["worth_usd"], data["cost_usd"], data["chance"]) == ("150.00", "2.10", "0.3333")
