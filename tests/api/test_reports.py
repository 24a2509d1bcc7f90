"""GET /api/v1/reports/YYYY-MM: exactly what `manage.py report --json` prints."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.api.conftest import ApiClient
from tests.dashboards.scenario import build_scenario

pytestmark = pytest.mark.django_db


def test_it_is_the_report_command_json(alice: User, alice_api: ApiClient) -> None:
    build_scenario(alice)
    out = StringIO()
    call_command("report", "--user", "alice", "--month", "2026-01", "--json", stdout=out)

    response = alice_api.get("/api/v1/reports/2026-01")

    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["connects"]["spent"] == 136


def test_bob_sees_his_own_empty_month_not_alices(
    alice: User, bob: User, bob_api: ApiClient
) -> None:
    build_scenario(alice)

    body = bob_api.get("/api/v1/reports/2026-01").json()

    assert body["connects"]["spent"] == 0
    assert body["applications"]["count"] == 0


@pytest.mark.parametrize("month", ["2026-13", "January", "2026-1x", "26-01"])
def test_a_bad_month_is_a_422_on_the_month(alice_api: ApiClient, month: str) -> None:
    response = alice_api.get(f"/api/v1/reports/{month}")

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "month": f"Give a month as YYYY-MM, like 2026-01; got {month!r}."
    }
