"""The API reads and writes days in the token owner's zone, like the pages do."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from accounts.models import User
from ledger.models import Application
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications"
# 23:30 on Nov 30 in Los Angeles; Dec 1 in UTC.
LATE_IN_LOS_ANGELES = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


@pytest.fixture
def alice_in_los_angeles(alice: User, monkeypatch: pytest.MonkeyPatch) -> User:
    alice.time_zone = "America/Los_Angeles"
    alice.save(update_fields=["time_zone"])
    monkeypatch.setattr("django.utils.timezone.now", lambda: LATE_IN_LOS_ANGELES)
    return alice


def test_a_moment_is_taken_as_the_day_it_was_where_the_owner_is(
    alice_in_los_angeles: User, alice_api: ApiClient
) -> None:
    body = alice_api.post(
        URL, {"title": "Late proposal", "submitted_at": "2026-12-01T07:30:00Z", "connects": 16}
    ).json()

    assert body["submitted_on"] == "2026-11-30"
    assert Application.objects.get(pk=body["id"]).submitted_on == date(2026, 11, 30)


def test_utcs_today_is_the_future_for_the_owner(
    alice_in_los_angeles: User, alice_api: ApiClient
) -> None:
    response = alice_api.post(URL, {"title": "X", "submitted_at": "2026-12-01", "connects": 16})

    assert response.status_code == 422
    assert "The date cannot be in the future." in response.content.decode()


def test_the_owners_zone_ends_with_the_call(
    alice_in_los_angeles: User, alice_api: ApiClient
) -> None:
    alice_api.get(URL)
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_utc_owner_at_the_same_moment_is_on_december_1st(
    bob: User, bob_api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: LATE_IN_LOS_ANGELES)
    body = bob_api.post(
        URL, {"title": "Same moment", "submitted_at": "2026-12-01T07:30:00Z", "connects": 16}
    ).json()
    assert body["submitted_on"] == "2026-12-01"


def test_the_balance_says_the_owners_zone_and_today_in_it(
    alice_in_los_angeles: User, alice_api: ApiClient
) -> None:
    body = alice_api.get("/api/v1/balance").json()
    assert (body["time_zone"], body["today"]) == ("America/Los_Angeles", "2026-11-30")
