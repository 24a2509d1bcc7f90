"""The ledger's writes: exact connects and dollars for every outcome, re-set and reversed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from ledger import selectors, services
from ledger.models import Application, ConnectsEntry, EntryKind
from ledger.policy import Fate, fate_of
from ledger.selectors import application_fate_totals, balance_of
from ledger.services import LedgerError

pytestmark = pytest.mark.django_db

JAN_10 = date(2026, 1, 10)
FEB_02 = date(2026, 2, 2)


def _submit(owner: User, connects: int = 16, boost: int = 0) -> Application:
    return services.application_submit(
        owner=owner,
        job_title="Shopify theme fixes",
        submitted_on=JAN_10,
        connects_paid=connects,
        boost_connects=boost,
    )


def _kinds(application: Application) -> list[tuple[str, int]]:
    return list(application.entries.order_by("id").values_list("kind", "connects"))


class TestSubmit:
    def test_it_writes_the_application_its_proposal_and_its_boost_together(
        self, alice: User
    ) -> None:
        app = _submit(alice, connects=16, boost=30)
        assert _kinds(app) == [("proposal", -16), ("boost", -30)]
        assert balance_of(alice) == -46

    def test_an_invite_that_cost_nothing_writes_no_entry(self, alice: User) -> None:
        app = _submit(alice, connects=0)
        assert _kinds(app) == []

    def test_it_refuses_a_date_in_the_future(self, alice: User) -> None:
        with pytest.raises(LedgerError, match="future"):
            services.application_submit(
                owner=alice, job_title="x", submitted_on=date(2999, 1, 1), connects_paid=10
            )
        assert Application.objects.count() == 0


class TestPolicy:
    @pytest.mark.parametrize(
        ("outcome", "fate"),
        [
            ("", Fate.PENDING),
            ("hired", Fate.WON),
            ("hired_someone_else", Fate.LOST),
            ("declined", Fate.LOST),
            ("expired", Fate.LOST),
            ("withdrawn", Fate.LOST),
            ("client_cancelled", Fate.REFUNDED),
            ("removed_by_upwork", Fate.REFUNDED),
        ],
    )
    def test_each_outcome_has_upworks_fate(self, outcome: str, fate: Fate) -> None:
        assert fate_of(outcome) is fate


class TestOutcome:
    @pytest.mark.parametrize(
        ("outcome", "refunded", "lost", "won", "pending", "balance"),
        [
            ("", 0, 0, 0, 20, -20),
            ("hired", 0, 0, 20, 0, -20),
            ("hired_someone_else", 0, 20, 0, 0, -20),
            ("declined", 0, 20, 0, 0, -20),
            ("expired", 0, 20, 0, 0, -20),
            ("withdrawn", 0, 20, 0, 0, -20),
            ("client_cancelled", 20, 0, 0, 0, 0),
            ("removed_by_upwork", 20, 0, 0, 0, 0),
        ],
    )
    def test_every_outcome_gives_exact_connects_and_dollars(
        self,
        alice: User,
        outcome: str,
        refunded: int,
        lost: int,
        won: int,
        pending: int,
        balance: int,
    ) -> None:
        app = _submit(alice, connects=20)
        services.application_set_outcome(application=app, outcome=outcome, outcome_on=FEB_02)
        totals = application_fate_totals(alice)
        assert (totals.spent, totals.refunded, totals.lost, totals.won, totals.pending) == (
            20,
            refunded,
            lost,
            won,
            pending,
        )
        assert totals.spent == totals.refunded + totals.lost + totals.won + totals.pending
        assert balance_of(alice) == balance
        usd = totals.usd(Decimal("0.15"))
        assert usd["spent"] == Decimal("3.00")
        assert usd["refunded"] == Decimal("0.15") * refunded

    def test_a_refund_covers_the_proposal_and_the_boost(self, alice: User) -> None:
        app = _submit(alice, connects=16, boost=40)
        written = services.application_set_outcome(
            application=app, outcome="client_cancelled", outcome_on=FEB_02
        )
        assert [(e.kind, e.connects, e.occurred_on) for e in written] == [("refund", 56, FEB_02)]
        assert balance_of(alice) == 0

    def test_setting_the_same_outcome_again_writes_nothing(self, alice: User) -> None:
        app = _submit(alice, connects=16)
        services.application_set_outcome(application=app, outcome="client_cancelled")
        again = services.application_set_outcome(application=app, outcome="client_cancelled")
        assert again == []
        assert _kinds(app) == [("proposal", -16), ("refund", 16)]

    def test_changing_a_refunded_outcome_to_a_losing_one_reverses_the_refund(
        self, alice: User
    ) -> None:
        app = _submit(alice, connects=16)
        services.application_set_outcome(application=app, outcome="client_cancelled")
        services.application_set_outcome(application=app, outcome="hired_someone_else")
        assert _kinds(app) == [("proposal", -16), ("refund", 16), ("refund", -16)]
        totals = application_fate_totals(alice)
        assert (totals.spent, totals.refunded, totals.lost) == (16, 0, 16)
        assert balance_of(alice) == -16

    def test_flip_flopping_keeps_every_entry_and_the_right_balance(self, alice: User) -> None:
        app = _submit(alice, connects=10)
        for outcome in ["client_cancelled", "declined", "removed_by_upwork", "", "hired"]:
            services.application_set_outcome(application=app, outcome=outcome)
        assert _kinds(app) == [
            ("proposal", -10),
            ("refund", 10),
            ("refund", -10),
            ("refund", 10),
            ("refund", -10),
        ]
        totals = application_fate_totals(alice)
        assert (totals.spent, totals.refunded, totals.won) == (10, 0, 10)

    def test_a_hire_keeps_its_contract_value_and_another_outcome_clears_it(
        self, alice: User
    ) -> None:
        app = _submit(alice)
        services.application_set_outcome(
            application=app, outcome="hired", contract_value_usd=Decimal("1200.00")
        )
        app.refresh_from_db()
        assert app.contract_value_usd == Decimal("1200.00")
        services.application_set_outcome(application=app, outcome="declined")
        app.refresh_from_db()
        assert app.contract_value_usd is None

    def test_it_refuses_an_unknown_outcome(self, alice: User) -> None:
        app = _submit(alice)
        with pytest.raises(LedgerError):
            services.application_set_outcome(application=app, outcome="ghosted")


class TestBoostReturned:
    def test_a_returned_boost_comes_back_and_lowers_what_was_paid(self, alice: User) -> None:
        app = _submit(alice, connects=16, boost=50)
        entry = services.application_return_boost(application=app, occurred_on=FEB_02)
        assert entry is not None and (entry.kind, entry.connects) == ("boost_returned", 50)
        assert selectors.application_money(app).paid == 16
        assert balance_of(alice) == -16

    def test_returning_it_twice_returns_it_once(self, alice: User) -> None:
        app = _submit(alice, connects=16, boost=50)
        services.application_return_boost(application=app)
        assert services.application_return_boost(application=app) is None
        assert balance_of(alice) == -16

    def test_a_refund_after_a_returned_boost_refunds_only_the_proposal(self, alice: User) -> None:
        app = _submit(alice, connects=16, boost=50)
        services.application_return_boost(application=app)
        written = services.application_set_outcome(application=app, outcome="client_cancelled")
        assert [(e.kind, e.connects) for e in written] == [("refund", 16)]
        assert balance_of(alice) == 0


class TestMovements:
    def test_purchase_grant_award_adjustment_add_up(self, alice: User) -> None:
        services.connects_purchase(
            owner=alice, connects=80, usd_paid=Decimal("12.00"), occurred_on=JAN_10
        )
        services.connects_grant(owner=alice, connects=10, occurred_on=JAN_10, monthly=True)
        services.connects_award(owner=alice, connects=10, occurred_on=JAN_10)
        services.connects_adjust(
            owner=alice, connects=-3, note="Upwork says 97", occurred_on=JAN_10
        )
        assert balance_of(alice) == 97

    def test_a_monthly_grant_lands_once_per_month(self, alice: User) -> None:
        first, created = services.connects_grant(
            owner=alice, connects=10, occurred_on=JAN_10, monthly=True
        )
        again, created_again = services.connects_grant(
            owner=alice, connects=10, occurred_on=date(2026, 1, 20), monthly=True
        )
        assert created and not created_again and first.pk == again.pk
        assert balance_of(alice) == 10

    def test_an_adjustment_needs_a_note(self, alice: User) -> None:
        with pytest.raises(LedgerError, match="note"):
            services.connects_adjust(owner=alice, connects=5, note=" ", occurred_on=JAN_10)

    def test_the_opening_balance_is_set_once_and_changed_by_its_difference(
        self, alice: User
    ) -> None:
        services.opening_balance_set(owner=alice, connects=60, occurred_on=JAN_10)
        assert services.opening_balance_set(owner=alice, connects=60, occurred_on=JAN_10) is None
        services.opening_balance_set(owner=alice, connects=45, occurred_on=JAN_10)
        assert list(
            ConnectsEntry.objects.filter(kind=EntryKind.OPENING_BALANCE)
            .order_by("id")
            .values_list("connects", flat=True)
        ) == [60, -15]
        assert balance_of(alice) == 45

    def test_the_plan_decides_the_monthly_grant(self, alice: User) -> None:
        services.ledger_settings_update(owner=alice, plan="plus")
        result = services.monthly_grant_for(owner=alice, on=JAN_10)
        assert result is not None and result[0].connects == 100
        services.ledger_settings_update(owner=alice, plan="none")
        assert services.monthly_grant_for(owner=alice, on=FEB_02) is None


def test_a_boost_already_refunded_with_the_proposal_is_not_returned_again(alice: User) -> None:
    app = _submit(alice, connects=0, boost=1)
    services.application_set_outcome(application=app, outcome="client_cancelled")
    assert services.application_return_boost(application=app) is None
    assert balance_of(alice) == 0
