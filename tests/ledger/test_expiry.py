"""Connects expire a year after issue, oldest used first: exact dates, exact connects."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import User
from ledger import expiry, services
from ledger.expiry import (
    DueExpiry,
    Row,
    due_from,
    expire_due_connects,
    expires_on,
    expiring_within,
    expiry_due,
    walk,
)
from ledger.models import ConnectsEntry, EntryKind
from ledger.selectors import balance_of
from tests.factories import EntryFactory


def _entry(owner: User, kind: str, connects: int, on: date) -> ConnectsEntry:
    return EntryFactory(owner=owner, kind=kind, connects=connects, occurred_on=on)


def _expiries(owner: User) -> list[tuple[date, int, str]]:
    rows = ConnectsEntry.objects.filter(owner=owner, kind=EntryKind.EXPIRY).order_by("id")
    return list(rows.values_list("occurred_on", "connects", "idempotency_key"))


class TestExpiryDate:
    def test_a_connect_expires_on_the_same_day_a_year_later(self) -> None:
        assert expires_on(date(2025, 1, 10)) == date(2026, 1, 10)

    def test_a_connect_issued_on_february_29_expires_on_february_28(self) -> None:
        assert expires_on(date(2024, 2, 29)) == date(2025, 2, 28)

    def test_a_connect_issued_the_day_before_expires_the_day_before(self) -> None:
        assert expires_on(date(2024, 2, 28)) == date(2025, 2, 28)


class TestTheWalkWithoutADatabase:
    """The calculation is pure: rows in, lots out."""

    def test_spending_takes_from_the_oldest_lot_first(self) -> None:
        rows = [
            Row(date(2025, 1, 10), 1, "purchase", 40),
            Row(date(2025, 2, 1), 2, "monthly_grant", 10),
            Row(date(2025, 3, 5), 3, "proposal", -30),
        ]
        result = walk(rows, today=date(2025, 3, 5))
        assert [(lot.entry_id, lot.remaining) for lot in result.open] == [(1, 10), (2, 10)]

    def test_a_lot_expires_before_anything_else_happens_on_its_expiry_date(self) -> None:
        rows = [
            Row(date(2025, 6, 1), 1, "purchase", 10),
            Row(date(2025, 7, 1), 2, "purchase", 10),
            Row(date(2026, 6, 1), 3, "proposal", -5),
        ]
        result = walk(rows, today=date(2026, 6, 1))
        assert result.lots[1].expired == 10
        assert [(lot.entry_id, lot.remaining) for lot in result.open] == [(2, 5)]

    def test_spending_with_no_connects_on_record_is_paid_back_by_the_next_lot(self) -> None:
        rows = [
            Row(date(2025, 1, 5), 1, "proposal", -16),
            Row(date(2025, 1, 10), 2, "purchase", 40),
        ]
        assert due_from(walk(rows, date(2026, 1, 10)), date(2026, 1, 10)) == [
            DueExpiry(2, date(2026, 1, 10), 24)
        ]

    def test_a_returned_boost_is_a_new_lot_issued_the_day_it_came_back(self) -> None:
        rows = [
            Row(date(2025, 1, 1), 1, "monthly_grant", 10),
            Row(date(2025, 1, 2), 2, "boost", -10),
            Row(date(2025, 3, 1), 3, "boost_returned", 10),
        ]
        assert due_from(walk(rows, date(2026, 3, 1)), date(2026, 3, 1)) == [
            DueExpiry(3, date(2026, 3, 1), 10)
        ]

    def test_a_reversed_refund_spends_from_the_oldest_lot_like_any_spending(self) -> None:
        rows = [
            Row(date(2025, 1, 10), 1, "purchase", 40),
            Row(date(2025, 2, 1), 2, "refund", 16),
            Row(date(2025, 2, 10), 3, "refund", -16),
        ]
        assert due_from(walk(rows, date(2026, 2, 1)), date(2026, 2, 1)) == [
            DueExpiry(1, date(2026, 1, 10), 24),
            DueExpiry(2, date(2026, 2, 1), 16),
        ]

    def test_a_reclassified_entry_takes_back_from_its_own_lot(self) -> None:
        rows = [
            Row(date(2025, 1, 10), 1, "purchase", 40),
            Row(date(2025, 6, 1), 2, "adjustment", 10, None),
            Row(date(2025, 6, 1), 3, "adjustment", -10, "reclassify:2:out"),
            Row(date(2025, 6, 1), 4, "award", 10, "reclassify:2:in"),
        ]
        assert due_from(walk(rows, date(2026, 6, 1)), date(2026, 6, 1)) == [
            DueExpiry(1, date(2026, 1, 10), 40),
            DueExpiry(4, date(2026, 6, 1), 10),
        ]

    def test_an_expiry_not_written_by_bidbook_is_spending(self) -> None:
        rows = [
            Row(date(2025, 1, 10), 1, "purchase", 40),
            Row(date(2025, 5, 1), 2, "expiry", -15, None),
        ]
        assert due_from(walk(rows, date(2026, 1, 10)), date(2026, 1, 10)) == [
            DueExpiry(1, date(2026, 1, 10), 25)
        ]

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=900),  # day offset
                st.sampled_from(["purchase", "monthly_grant", "refund", "proposal", "boost"]),
                st.integers(min_value=1, max_value=60),
            ),
            max_size=40,
        ),
        st.integers(min_value=0, max_value=1000),
    )
    def test_after_writing_what_is_due_the_lots_hold_exactly_the_balance(
        self, moves: list[tuple[int, str, int]], today_offset: int
    ) -> None:
        start = date(2024, 1, 1).toordinal()
        today = date.fromordinal(start + today_offset)
        rows = [
            Row(
                date.fromordinal(start + offset),
                i + 1,
                kind,
                -amount if kind in ("proposal", "boost") else amount,
            )
            for i, (offset, kind, amount) in enumerate(moves)
        ]
        due = due_from(walk(rows, today), today)
        rows += [
            Row(d.expiry_date, 10_000 + i, "expiry", -d.connects, f"expiry:{d.lot_entry_id}")
            for i, d in enumerate(due)
        ]
        result = walk(rows, today)
        balance = sum(r.connects for r in rows if r.occurred_on <= today)
        assert sum(lot.remaining for lot in result.open) - result.deficit == balance
        assert due_from(result, today) == []


@pytest.mark.django_db
class TestTheExampleLedger:
    """40 bought on 2025-01-10, 10 granted on 2025-02-01, 30 spent on 2025-03-05, 20 refunded on
    2025-04-01: the spending takes 30 of the 40, so 10 expire on 2026-01-10, the grant's 10 on
    2026-02-01 and the refund's 20 on 2026-04-01."""

    @pytest.fixture
    def lots(self, alice: User) -> dict[str, ConnectsEntry]:
        return {
            "purchase": _entry(alice, "purchase", 40, date(2025, 1, 10)),
            "grant": _entry(alice, "monthly_grant", 10, date(2025, 2, 1)),
            "proposal": _entry(alice, "proposal", -30, date(2025, 3, 5)),
            "refund": _entry(alice, "refund", 20, date(2025, 4, 1)),
        }

    def test_nothing_is_due_the_day_before_the_first_expiry(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        assert expiry_due(alice, date(2026, 1, 9)) == []

    def test_the_remainder_of_the_oldest_lot_expires_on_its_day(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        assert expiry_due(alice, date(2026, 1, 10)) == [
            (lots["purchase"].pk, date(2026, 1, 10), 10)
        ]

    def test_every_lot_that_has_expired_is_due_at_once_after_a_pause(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        assert expiry_due(alice, date(2026, 4, 1)) == [
            (lots["purchase"].pk, date(2026, 1, 10), 10),
            (lots["grant"].pk, date(2026, 2, 1), 10),
            (lots["refund"].pk, date(2026, 4, 1), 20),
        ]

    def test_the_next_30_days_show_what_will_expire_unless_spent(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        assert expiring_within(alice, date(2025, 12, 20)) == [(date(2026, 1, 10), 10)]
        assert expiring_within(alice, date(2026, 1, 2)) == [
            (date(2026, 1, 10), 10),
            (date(2026, 2, 1), 10),
        ]
        assert expiring_within(alice, date(2026, 1, 2), days=7) == []

    def test_what_expired_today_is_no_longer_expiring(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        assert expiring_within(alice, date(2026, 1, 10)) == [(date(2026, 2, 1), 10)]

    def test_it_writes_one_keyed_expiry_entry_per_lot_dated_on_its_expiry_date(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        written = expire_due_connects(owner=alice, today=date(2026, 2, 1))
        assert [(e.occurred_on, e.connects) for e in written] == [
            (date(2026, 1, 10), -10),
            (date(2026, 2, 1), -10),
        ]
        assert _expiries(alice) == [
            (date(2026, 1, 10), -10, f"expiry:{lots['purchase'].pk}"),
            (date(2026, 2, 1), -10, f"expiry:{lots['grant'].pk}"),
        ]
        assert written[0].note == "Expired: connects from the purchase of 2025-01-10"
        assert balance_of(alice) == 20

    def test_running_it_twice_leaves_the_same_ledger(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        expire_due_connects(owner=alice, today=date(2026, 4, 1))
        first = _expiries(alice)
        assert expire_due_connects(owner=alice, today=date(2026, 4, 1)) == []
        assert _expiries(alice) == first
        assert balance_of(alice) == 0

    def test_spending_after_an_expiry_takes_from_the_next_lot(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        expire_due_connects(owner=alice, today=date(2026, 1, 10))
        _entry(alice, "proposal", -5, date(2026, 1, 20))
        assert expire_due_connects(owner=alice, today=date(2026, 2, 1))[0].connects == -5
        assert expiring_within(alice, date(2026, 3, 15)) == [(date(2026, 4, 1), 20)]

    def test_spending_found_later_gives_back_what_was_expired_too_soon(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        expire_due_connects(owner=alice, today=date(2026, 1, 10))
        # A Connects History import brings a proposal from before the expiry.
        _entry(alice, "proposal", -4, date(2025, 12, 1))
        written = expire_due_connects(owner=alice, today=date(2026, 1, 10))
        assert [(e.occurred_on, e.connects, e.idempotency_key) for e in written] == [
            (date(2026, 1, 10), 4, f"expiry:{lots['purchase'].pk}:2")
        ]
        assert written[0].note.startswith("Expiry corrected")
        assert expire_due_connects(owner=alice, today=date(2026, 1, 10)) == []
        assert balance_of(alice) == 30  # 40 + 10 - 30 + 20 - 4 - 10 + 4

    def test_an_older_lot_found_later_expires_the_difference(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        expire_due_connects(owner=alice, today=date(2026, 1, 10))
        # The starting balance, entered late: the March proposal took 5 of it first.
        _entry(alice, "opening_balance", 5, date(2024, 12, 1))
        written = expire_due_connects(owner=alice, today=date(2026, 1, 10))
        assert [(e.occurred_on, e.connects, e.idempotency_key) for e in written] == [
            (date(2026, 1, 10), -5, f"expiry:{lots['purchase'].pk}:2")
        ]

    def test_a_failure_midway_writes_no_expiry_at_all(
        self, alice: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        real = expiry.entry_write
        calls = {"n": 0}

        def fails_the_second_time(**kwargs: Any) -> tuple[ConnectsEntry, bool]:
            calls["n"] += 1
            if calls["n"] == 2:
                raise OperationalError("connection lost")
            return real(**kwargs)

        with (
            mock.patch.object(expiry, "entry_write", side_effect=fails_the_second_time),
            pytest.raises(OperationalError),
        ):
            expire_due_connects(owner=alice, today=date(2026, 4, 1))
        assert _expiries(alice) == []

    def test_it_reads_the_ledger_in_one_query_and_then_only_its_state(
        self, alice: User, lots: dict[str, ConnectsEntry], django_assert_num_queries
    ) -> None:
        with django_assert_num_queries(2):  # the ledger's state, then the ledger
            first = expiring_within(alice, date(2026, 1, 2))
        with django_assert_num_queries(1):  # unchanged ledger: the cached answer
            assert expiring_within(alice, date(2026, 1, 2)) == first
        _entry(alice, "proposal", -5, date(2025, 12, 1))
        with django_assert_num_queries(2):  # a new entry, even dated in the past, is seen
            expiring_within(alice, date(2026, 1, 2))

    def test_another_users_entries_play_no_part(
        self, alice: User, bob: User, lots: dict[str, ConnectsEntry]
    ) -> None:
        _entry(bob, "proposal", -40, date(2025, 2, 1))
        assert expiry_due(alice, date(2026, 1, 10)) == [
            (lots["purchase"].pk, date(2026, 1, 10), 10)
        ]
        assert expiry_due(bob, date(2026, 1, 10)) == []


@pytest.mark.django_db
def test_a_monthly_grant_from_the_service_expires_a_year_later(alice: User) -> None:
    services.connects_grant(owner=alice, connects=100, occurred_on=date(2025, 3, 1), monthly=True)
    assert expiring_within(alice, date(2026, 2, 20), days=10) == [(date(2026, 3, 1), 100)]
