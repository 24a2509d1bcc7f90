"""The ledger page's running balance, computed per page, equals the one over the whole ledger."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator

from accounts.models import User
from ledger.selectors import entries_for, entries_with_running_balance, set_running_balances
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_every_page_shows_the_same_balances_as_the_whole_ledger(alice: User) -> None:
    rng = random.Random(7)
    for _ in range(130):
        EntryFactory(
            owner=alice,
            kind=rng.choice(["purchase", "proposal", "refund", "adjustment"]),
            connects=rng.choice([-20, -16, -1, 10, 40, 80]),
            occurred_on=date(2026, 1, 1) + timedelta(days=rng.randint(0, 60)),
        )
    expected = {e.pk: e.running_balance for e in entries_with_running_balance(alice)}
    pages = Paginator(entries_for(alice), 50)
    seen = {}
    for number in pages.page_range:
        rows = list(pages.page(number).object_list)
        set_running_balances(alice, rows)
        seen.update({e.pk: e.running_balance for e in rows})
    assert seen == expected


def test_a_month_page_starts_from_everything_before_it(alice: User) -> None:
    EntryFactory(owner=alice, kind="purchase", connects=80, occurred_on=date(2026, 1, 5))
    EntryFactory(owner=alice, kind="proposal", connects=-16, occurred_on=date(2026, 2, 3))
    EntryFactory(owner=alice, kind="proposal", connects=-10, occurred_on=date(2026, 2, 9))
    rows = list(entries_for(alice, date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)))
    set_running_balances(alice, rows)
    assert [(e.connects, e.running_balance) for e in rows] == [(-10, 54), (-16, 64)]
