"""The what-if and the suggestions re-judge with the description signals stored on vettings.

The history mixes descriptions that pass description_quality, one too short, one that asks to
talk off Upwork, one that asks for a free trial, and a job without a description. Judged with
the stored signals or with signals read again from the text, every figure is the same.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from dashboards import history
from dashboards.suggestions import suggest
from tests.dashboards import whatif_scenario
from vetting.models import Vetting
from vetting.rules import SIGNALS_VERSION, Thresholds, description_signals

pytestmark = pytest.mark.django_db

SHORT = "Logo for a bakery"
OFF_PLATFORM = whatif_scenario.DESCRIPTION + "\nEmail me at jane.doe@mail.example.org first."
FREE_TRIAL = whatif_scenario.DESCRIPTION + "\nFirst a free test task to see your level."


def _apply(owner: User, connects: int, description: str | None, outcome: str = "", **kw: object):
    facts = whatif_scenario.clean_facts(description=description)
    app = whatif_scenario.apply(owner, connects, facts, outcome, **kw)  # type: ignore[arg-type]
    assert app.vetting is not None
    signals = description_signals(description) if description else None
    Vetting.objects.filter(pk=app.vetting.pk).update(
        description_signals=signals.to_json() if signals else None
    )
    return app


def _history(owner: User) -> None:
    from ledger import services

    services.entry_write(
        owner=owner, kind="opening_balance", connects=200, occurred_on=date(2026, 1, 1)
    )
    _apply(owner, 16, whatif_scenario.DESCRIPTION, "hired", value=Decimal("700"))
    _apply(owner, 12, whatif_scenario.DESCRIPTION, "declined")
    _apply(owner, 10, SHORT, "hired", value=Decimal("300"))
    _apply(owner, 14, OFF_PLATFORM, "hired_someone_else")
    _apply(owner, 8, FREE_TRIAL)
    _apply(owner, 6, None, "declined")


def _forget_signals(owner: User) -> None:
    Vetting.objects.filter(owner=owner).update(description_signals=None)


class TestTheHistory:
    def test_its_descriptions_fail_and_pass_as_the_scenario_says(self) -> None:
        assert description_signals(OFF_PLATFORM).off_platform == (
            "email me at",
            "jane.doe@mail.example.org",
        )
        assert description_signals(FREE_TRIAL).free_trial == ("free test",)
        assert description_signals(SHORT).chars == 17

    def test_the_rows_carry_the_stored_signals_and_facts_without_the_description(
        self, alice: User
    ) -> None:
        _history(alice)
        rows, total, _ = history.history_rows(alice)
        assert total == 6
        assert [row.signals is not None for row in rows] == [True] * 5 + [False]
        assert rows[0].signals == description_signals(whatif_scenario.DESCRIPTION)
        # The rules read the signals: the text itself is neither sent nor decoded.
        assert [row.facts.description for row in rows] == [None] * 6
        assert rows[0].facts.client_hire_rate == 80


class TestWhatIfWithStoredSignals:
    def test_it_counts_the_description_fails_exactly(self, alice: User) -> None:
        _history(alice)
        report = history.whatif_report(alice, Thresholds()).to_json()
        # Short (10c, a $300 hire), off-platform (14c lost), free trial (8c, pending);
        # the job without a description is unknown there, not a fail.
        assert report["rules"]["description_quality"] == {
            "applications": 3,
            "connects_lost": 14,
            "usd_lost": "2.10",
            "hires_missed": 1,
            "contract_value_missed": "300.00",
            "pending": 1,
            "net_usd": "-297.90",
        }
        assert report["combined"] == report["rules"]["description_quality"]

    def test_it_gives_the_same_tallies_as_signals_read_again(self, alice: User) -> None:
        _history(alice)
        thresholds = dataclasses.replace(Thresholds(), description_min_chars=600)
        stored = history.whatif_report(alice, thresholds).to_json()
        _forget_signals(alice)
        rows, _, _ = history.history_rows(alice)
        assert [row.signals for row in rows] == [None] * 6
        assert rows[0].facts.description == whatif_scenario.DESCRIPTION
        assert history.whatif_report(alice, thresholds).to_json() == stored
        # At 600 characters every description of the history is too short.
        assert stored["rules"]["description_quality"]["applications"] == 5

    def test_signals_of_another_version_are_read_again_from_the_description(
        self, alice: User
    ) -> None:
        _history(alice)
        # The short description's row claims the signals of a good one, in an old shape.
        good = description_signals(whatif_scenario.DESCRIPTION).to_json()
        short = Vetting.objects.get(owner=alice, facts__description=SHORT)
        Vetting.objects.filter(pk=short.pk).update(
            description_signals={**good, "version": SIGNALS_VERSION - 1}
        )
        rows, _, _ = history.history_rows(alice)
        row = next(r for r in rows if r.application_id == short.applications.get().pk)
        assert row.signals is None
        assert row.facts.description == SHORT
        report = history.whatif_report(alice, Thresholds()).to_json()
        assert report["rules"]["description_quality"]["applications"] == 3

    def test_signals_of_this_version_are_used_as_they_are(self, alice: User) -> None:
        _history(alice)
        good = description_signals(whatif_scenario.DESCRIPTION).to_json()
        Vetting.objects.filter(owner=alice, facts__description=SHORT).update(
            description_signals=good
        )
        report = history.whatif_report(alice, Thresholds()).to_json()
        assert report["rules"]["description_quality"]["applications"] == 2
        assert report["rules"]["description_quality"]["hires_missed"] == 0

    def test_a_damaged_stored_shape_is_read_again(self, alice: User) -> None:
        _history(alice)
        Vetting.objects.filter(owner=alice).update(
            description_signals={"version": SIGNALS_VERSION, "chars": "many"}
        )
        rows, _, _ = history.history_rows(alice)
        assert [row.signals for row in rows] == [None] * 6
        report = history.whatif_report(alice, Thresholds()).to_json()
        assert report["rules"]["description_quality"]["applications"] == 3


class TestSuggestionsWithStoredSignals:
    def test_they_are_the_same_as_with_signals_read_again(self, alice: User) -> None:
        _history(alice)
        stored_rows, _, _ = history.history_rows(alice)
        stored = suggest(stored_rows, Thresholds(), price=Decimal("0.15"))
        _forget_signals(alice)
        read_rows, _, _ = history.history_rows(alice)
        assert suggest(read_rows, Thresholds(), price=Decimal("0.15")) == stored
        assert (stored.sent, stored.hires) == (6, 2)
