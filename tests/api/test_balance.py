"""GET /api/v1/balance: the sum of the user's entries, in connects and dollars."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import User
from ledger.services import application_submit, connects_purchase, ledger_settings_for
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_it_is_zero_for_a_new_user(alice_api: ApiClient) -> None:
    body = alice_api.get("/api/v1/balance").json()

    assert (body["connects"], body["usd"], body["price_per_connect"]) == (0, "0.00", "0.1500")


def test_it_is_purchases_less_what_applications_spent(
    alice: User, bob: User, alice_api: ApiClient
) -> None:
    connects_purchase(
        owner=alice, connects=80, usd_paid=Decimal("12.00"), occurred_on=date(2026, 1, 2)
    )
    application_submit(
        owner=alice,
        job_title="Django API",
        submitted_on=date(2026, 1, 5),
        connects_paid=16,
        boost_connects=4,
    )
    connects_purchase(
        owner=bob, connects=40, usd_paid=Decimal("6.00"), occurred_on=date(2026, 1, 2)
    )

    response = alice_api.get("/api/v1/balance")

    assert response.status_code == 200
    body = response.json()
    assert body["connects"] == 60  # 80 - 16 - 4; bob's 40 are his
    assert body["usd"] == "9.00"


def test_it_uses_the_users_price_per_connect(alice: User, alice_api: ApiClient) -> None:
    settings = ledger_settings_for(alice)
    settings.price_per_connect = Decimal("0.2000")
    settings.save()
    connects_purchase(
        owner=alice, connects=10, usd_paid=Decimal("2.00"), occurred_on=date(2026, 1, 2)
    )

    body = alice_api.get("/api/v1/balance").json()

    assert (body["connects"], body["usd"], body["price_per_connect"]) == (10, "2.00", "0.2000")
